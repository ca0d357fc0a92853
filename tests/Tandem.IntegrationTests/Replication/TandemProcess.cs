using System.Diagnostics;
using System.Text;

namespace Tandem.IntegrationTests.Replication;

/// <summary>`tandem run TASK.yaml` as a separate process, so a test can kill it with SIGKILL like a crash would.</summary>
internal sealed class TandemProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _reading;

    private TandemProcess(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(PumpAsync(process.StandardError), PumpAsync(process.StandardOutput));
    }

    /// <param name="reportPeakRss">Print the process's peak resident set on exit (TANDEM_REPORT_PEAK_RSS).</param>
    public static TandemProcess Run(string taskFile, bool reportPeakRss = false)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        if (reportPeakRss)
            info.Environment["TANDEM_REPORT_PEAK_RSS"] = "1";
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tandem.dll"));
        info.ArgumentList.Add("run");
        info.ArgumentList.Add(taskFile);
        info.ArgumentList.Add("--status-interval");
        info.ArgumentList.Add("1s");
        return new TandemProcess(Process.Start(info) ?? throw new InvalidOperationException("tandem did not start"));
    }

    /// <summary>
    /// `tandem run` in a mount namespace of its own where <paramref name="mountPoint"/> is a tmpfs of
    /// <paramref name="size"/> (e.g. "1m"), so a spill directory there fills up; needs root. Nothing outlives the process.
    /// </summary>
    public static TandemProcess RunWithSmallFilesystem(string taskFile, string mountPoint, string size)
    {
        Directory.CreateDirectory(mountPoint);
        var tandem = Path.Combine(AppContext.BaseDirectory, "tandem.dll");
        var script = $"mount -t tmpfs -o size={size},mode=0700 tmpfs '{mountPoint}' && exec dotnet '{tandem}' run '{taskFile}' --status-interval 1s";
        var info = new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        return new TandemProcess(Process.Start(info) ?? throw new InvalidOperationException("unshare did not start"));
    }

    /// <summary>
    /// `tandem run` as a script's background job starts it: from a shell without job control, so SIGINT and SIGQUIT
    /// are ignored when it starts (POSIX Shell Command Language 2.11).
    /// </summary>
    public static TandemProcess RunAsBackgroundJob(string taskFile)
    {
        var tandem = Path.Combine(AppContext.BaseDirectory, "tandem.dll");
        var script = $"trap '' INT QUIT; exec dotnet '{tandem}' run '{taskFile}' --status-interval 1s";
        var info = new ProcessStartInfo("/bin/sh", ["-c", script])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        return new TandemProcess(Process.Start(info) ?? throw new InvalidOperationException("sh did not start"));
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        await _reading;
    }

    /// <summary>SIGTERM, the clean stop; returns the exit code.</summary>
    public Task<int> StopAsync(TimeSpan timeout) => SignalAndWaitAsync("TERM", timeout);

    /// <summary>SIGINT, as Ctrl-C or `kill -INT` sends; returns the exit code.</summary>
    public Task<int> InterruptAsync(TimeSpan timeout) => SignalAndWaitAsync("INT", timeout);

    private async Task<int> SignalAndWaitAsync(string signal, TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        await _reading;
        return _process.ExitCode;
    }

    public async Task WaitForExitAsync() => await _process.WaitForExitAsync();

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_stderr)
                _stderr.AppendLine(line);
        }
    }
}
