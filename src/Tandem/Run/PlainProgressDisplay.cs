using Tandem.Core.Replication;

namespace Tandem.Cli.Run;

/// <summary>
/// Progress for logs and pipes: one <see cref="StatusLine"/> when the task starts, one every interval with the rates
/// since the previous line, and one when it ends.
/// </summary>
internal sealed class PlainProgressDisplay : IAsyncDisposable
{
    private readonly TextWriter _output;
    private readonly ReplicationMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Func<string>? _extra;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private ProgressSample _previous;

    /// <param name="extra">A second line printed after each status line (a link direction's link figures), or null.</param>
    public PlainProgressDisplay(TextWriter output, ReplicationMetrics metrics, TimeSpan interval, TimeProvider time, Func<string>? extra = null)
    {
        _output = output;
        _extra = extra;
        _metrics = metrics;
        _time = time;
        _previous = ProgressSample.Take(metrics, time.GetUtcNow());
        Write(_previous, default);
        _loop = RunAsync(interval, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        WriteNext();
        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                WriteNext();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void WriteNext()
    {
        var now = ProgressSample.Take(_metrics, _time.GetUtcNow());
        Write(now, ProgressRates.Between(_previous, now));
        _previous = now;
    }

    private void Write(ProgressSample sample, ProgressRates rates)
    {
        try
        {
            var line = StatusLine.Format(_metrics.TaskName, sample, rates);
            _output.WriteLine(_extra is null ? line : line + Environment.NewLine + _extra());
            // Lines must reach a pipe when printed, not when a buffer fills.
            _output.Flush();
        }
        catch (IOException)
        {
            // A closed pipe (the reader went away) must not stop replication.
        }
    }
}
