namespace Tandem.Sandbox.Processes;

/// <summary>
/// The bash wrapper every sandbox server runs under. It ties the server's life to its owner:
/// <c>tail --pid=OWNER -f /dev/null</c> returns when the owner dies (a condition wait, not a
/// timer), and the wrapper then takes the server down, so a test run killed with SIGKILL leaves no
/// server behind. It prints the server pid on its first stdout line and in a pid file that
/// <see cref="SandboxDirectory.SweepStale"/> reads.
/// </summary>
internal static class WatchdogScript
{
    // Arguments: $1 owner pid, $2 pid file, $3 console log, $4 signal to send when the owner dies,
    // then the server command line. The server's stdout/stderr go to the log so the wrapper's stdout
    // carries only the pid. `wait -n -p` (bash 5.1+) tells which of server and watcher ended first.
    public const string Text = """
        set -u
        owner=$1 pidfile=$2 log=$3 deathsig=$4
        shift 4
        "$@" >>"$log" 2>&1 </dev/null &
        srv=$!
        echo "$srv" >"$pidfile"
        echo "$srv"
        tail -s 0.5 --pid="$owner" -f /dev/null &
        watcher=$!
        done=
        wait -n -p done "$srv" "$watcher"
        rc=$?
        if [ "$done" = "$srv" ]; then
          kill "$watcher" 2>/dev/null
          wait "$watcher" 2>/dev/null
          rm -f "$pidfile"
          exit "$rc"
        fi
        echo "tandem watchdog: owner $owner is gone, stopping server $srv" >>"$log"
        kill -"$deathsig" "$srv" 2>/dev/null
        timeout 20 tail -s 0.2 --pid="$srv" -f /dev/null || kill -KILL "$srv" 2>/dev/null
        wait "$srv" 2>/dev/null
        rm -f "$pidfile"
        exit 137
        """;
}
