using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tandem.MySql.Protocol;

namespace Tandem.Bench;

/// <summary>A file <c>tandem run</c> takes: a task file (<see cref="TandemTask"/>) or a link file (<see cref="TandemLink"/>).</summary>
internal interface ITandemRunFile
{
    string Name { get; }

    string Yaml();
}

/// <summary>What one <c>tandem run</c> task file says: the interface the replicate benchmark codes against.</summary>
internal sealed record TandemTask(string Name, string SourceUri, string TargetUri, IReadOnlyList<string> Tables, string Mode, int Threads, string? StartGtid = null)
    : ITandemRunFile
{
    public string Yaml()
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"name: {Name}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"source: {SourceUri}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"target: {TargetUri}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"tables: [{string.Join(", ", Tables.Select(t => $"\"{t}\""))}]\n");
        yaml.Append(CultureInfo.InvariantCulture, $"mode: {Mode}\n");
        if (StartGtid is not null)
            yaml.Append(CultureInfo.InvariantCulture, $"start: {{gtid: \"{StartGtid}\"}}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"copy_threads: {Threads}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"writer_threads: {Threads}\n");
        return yaml.ToString();
    }
}

/// <summary>
/// <c>tandem run FILE.yaml</c> (a task or a link file) as a child process (the Release build of src/Tandem, run by
/// <c>dotnet</c> as bench/capture does), with <c>TANDEM_REPORT_PEAK_RSS=1</c>. Its stderr and stdout go to a log file
/// under the benchmark's bench/out directory (kept after the run, for a look when a figure is odd) and are kept in
/// memory for error messages; its stdout lines (status lines, a link's summary) are also kept apart for parsing. Its
/// peak RSS is the figure tandem prints at exit; <c>VmHWM</c> sampled from /proc while it runs is the fallback.
/// </summary>
internal sealed partial class TandemRun : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _stdout = [];
    private readonly StreamWriter _log;
    private readonly Task _pump;
    private readonly long _started;
    private double _sampledPeakMiB;

    private TandemRun(Process process, StreamWriter log, string label)
    {
        _process = process;
        _log = log;
        Label = label;
        _started = Stopwatch.GetTimestamp();
        _pump = Task.WhenAll(PumpAsync(process.StandardError, null), PumpAsync(process.StandardOutput, _stdout));
    }

    /// <summary>
    /// An executable run instead of tandem (<c>TANDEM_BENCH_COMMAND</c>), with the same arguments: for testing the
    /// harness before <c>tandem run</c> exists (bench/fake-tandem). The report says so in bold.
    /// </summary>
    public static string? Override => Environment.GetEnvironmentVariable("TANDEM_BENCH_COMMAND") is { Length: > 0 } command ? command : null;

    public string Label { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>What tandem printed on stdout so far, line by line (all of it once it has exited).</summary>
    public IReadOnlyList<string> OutputLines
    {
        get
        {
            lock (_stdout)
                return [.. _stdout];
        }
    }

    /// <summary>Writes the task or link file under <paramref name="directory"/> and starts <c>tandem run</c> on it.</summary>
    public static TandemRun Start(ITandemRunFile task, string directory, string logDirectory, string label)
    {
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(logDirectory);
        var taskFile = Path.Combine(directory, $"{task.Name}-{Slug(label)}.yaml");
        File.WriteAllText(taskFile, task.Yaml());
        var log = new StreamWriter(Path.Combine(logDirectory, $"tandem-{Slug(label)}.log"), append: false) { AutoFlush = true };
        log.WriteLine($"# {DateTimeOffset.Now:O} {Override ?? "dotnet " + TandemTailLoad.Dll} run {taskFile}");
        log.Write(task.Yaml());

        var info = new ProcessStartInfo(Override ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Override is null)
            info.ArgumentList.Add(TandemTailLoad.Dll);
        info.ArgumentList.Add("run");
        info.ArgumentList.Add(taskFile);
        // A status line a second (rows/s, lag, queued) in the log, to see where a slow run spends its time.
        info.ArgumentList.Add("--status-interval");
        info.ArgumentList.Add("1s");
        info.Environment["TANDEM_REPORT_PEAK_RSS"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet tandem.dll run");
        return new TandemRun(process, log, label);
    }

    /// <summary>Waits for the process to exit by itself (mode: full); throws unless it exits 0.</summary>
    public async Task<(TimeSpan Elapsed, double PeakMiB)> WaitForExitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            while (!_process.HasExited)
            {
                SamplePeak();
                await Task.WhenAny(_process.WaitForExitAsync(limit.Token), Task.Delay(200, limit.Token));
                limit.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{Label}: tandem did not finish within {timeout.TotalSeconds:0} s.{Tail()}");
        }

        var elapsed = Elapsed;
        return (elapsed, await FinishAsync(ct));
    }

    /// <summary>SIGTERM (a clean stop), then the exit; throws unless it exits 0. Returns the peak RSS.</summary>
    public async Task<double> StopAsync(CancellationToken ct)
    {
        if (!_process.HasExited)
        {
            SamplePeak();
            await ProcessRunner.RunCheckedAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], ct);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(StopGrace);
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{Label}: tandem did not stop within {StopGrace.TotalSeconds:0} s of SIGTERM.{Tail()}");
            }
        }

        return await FinishAsync(ct);
    }

    /// <summary>Throws with the tail of tandem's stderr when the process has died early.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"{Label}: tandem exited with {_process.ExitCode} before it was done.{Tail()}");
    }

    /// <summary>
    /// Polls the task's checkpoint on <paramref name="target"/> every 10 ms until it reaches <paramref name="end"/>, or
    /// with a null <paramref name="end"/> until there is one (tandem writes it once it streams: the copy is over).
    /// Throws when tandem exits first or <paramref name="timeout"/> passes; says where it stands every 30 s.
    /// </summary>
    public async Task WaitForCheckpointAsync(MySqlConnection target, string task, BinlogPoint? end, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var said = TimeSpan.Zero;
        BinlogPoint? point;
        for (var polls = 1; (point = await CheckpointAsync(target, task, ct)) is null || (end is not null && point.CompareTo(end) < 0); polls++)
        {
            ThrowIfExited();
            if (polls % 100 == 0)
            {
                SamplePeak();
                if (clock.Elapsed > timeout)
                    throw new TimeoutException($"{Label}: the checkpoint of {task} did not reach {end?.ToString() ?? "the source"} within {timeout.TotalMinutes:0} minutes");
            }

            if (clock.Elapsed - said > ProgressEvery)
            {
                said = clock.Elapsed;
                BenchLog.Log($"{Label}: the checkpoint of {task} is at {(point is null ? "(none yet)" : point.ToString())}, waiting for {end?.ToString() ?? "a first one"}");
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>The furthest checkpoint of the task in the target's tandem_meta, or null while there is none.</summary>
    public static async Task<BinlogPoint?> CheckpointAsync(MySqlConnection target, string task, CancellationToken ct)
    {
        try
        {
            BinlogPoint? furthest = null;
            await using var reader = await target.QueryAsync(
                $"SELECT binlog_file, binlog_offset FROM tandem_meta.checkpoint WHERE task = '{task}'", ct);
            while (await reader.ReadAsync(ct))
            {
                var point = new BinlogPoint(reader.GetString(0)!, Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
                if (furthest is null || point.CompareTo(furthest) > 0)
                    furthest = point;
            }

            return furthest;
        }
        catch (MySqlServerException ex) when (ex.ErrorCode is 1049 or 1146)
        {
            // Unknown database or table: tandem has not created its metadata yet.
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _pump;
        await _log.DisposeAsync();
        _process.Dispose();
    }

    private async Task<double> FinishAsync(CancellationToken ct)
    {
        await _pump.WaitAsync(ct);
        if (_process.ExitCode != 0)
            throw new InvalidOperationException($"{Label}: tandem exited with {_process.ExitCode}.{Tail()}");
        string stderr;
        lock (_stderr)
            stderr = _stderr.ToString();
        var match = PeakLine().Match(stderr);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : _sampledPeakMiB;
    }

    /// <summary>VmHWM is the process's high-water mark, so the last sample before exit is its peak so far.</summary>
    public void SamplePeak()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
                _sampledPeakMiB = Math.Max(_sampledPeakMiB, long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024.0);
        }
        catch (IOException)
        {
            // The process is gone; its own report covers the peak.
        }
    }

    private async Task PumpAsync(StreamReader reader, List<string>? lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_stderr)
                _stderr.AppendLine(line);
            if (lines is not null)
            {
                lock (lines)
                    lines.Add(line);
            }

            lock (_log)
                _log.WriteLine(line);
        }
    }

    private string Tail()
    {
        string text;
        lock (_stderr)
            text = _stderr.ToString();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Environment.NewLine + "tandem's last output:" + Environment.NewLine + string.Join(Environment.NewLine, lines.TakeLast(20));
    }

    private static string Slug(string label) => SlugCharacters().Replace(label.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex(@"tandem: peak RSS ([\d.]+) MiB")]
    private static partial Regex PeakLine();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugCharacters();
}
