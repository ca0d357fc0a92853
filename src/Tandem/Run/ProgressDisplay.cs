using Tandem.Core.Replication;

namespace Tandem.Cli.Run;

/// <summary>Chooses how <c>tandem run</c> shows progress: live bars on a terminal, plain status lines otherwise.</summary>
internal static class ProgressDisplay
{
    /// <summary>Starts the display; disposing it stops it after a last update with the final figures.</summary>
    public static IAsyncDisposable Start(CliEnvironment environment, ReplicationMetrics metrics, TimeSpan interval, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        return IsInteractive(environment)
            ? new TerminalProgressDisplay(environment.CreateConsole(), metrics, time)
            : new PlainProgressDisplay(environment.Stdout, metrics, interval, time);
    }

    /// <summary>
    /// A person is watching: stdout is this process's terminal, and neither a CI service (which sets CI) nor a dumb
    /// terminal (TERM=dumb, as in an editor's shell) would turn redrawn lines into a wall of escape codes.
    /// </summary>
    public static bool IsInteractive(CliEnvironment environment) =>
        environment.StdoutIsTerminal
        && Environment.GetEnvironmentVariable("CI") is null or "" or "0" or "false"
        && Environment.GetEnvironmentVariable("TERM") != "dumb";
}
