using System.Collections.Concurrent;
using Spectre.Console;
using Spectre.Console.Rendering;
using Tandem.Core.Replication;

namespace Tandem.Cli.Run;

/// <summary>
/// Progress on an interactive terminal (Spectre.Console): a status line for the task, live while it streams, and a bar
/// for the full copy with rows done of the estimate, rows/s and ETA. Rates are taken over the last few seconds so the
/// figures are readable at a one-second refresh.
/// </summary>
internal sealed class TerminalProgressDisplay : IAsyncDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);

    private readonly ReplicationMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly StatusColumn _status = new();
    private readonly Queue<ProgressSample> _window = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _display;

    public TerminalProgressDisplay(IAnsiConsole console, ReplicationMetrics metrics, TimeProvider time)
    {
        _metrics = metrics;
        _time = time;
        _display = console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, _status)
            .StartAsync(ShowAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _display;
        _stop.Dispose();
    }

    private async Task ShowAsync(ProgressContext context)
    {
        var task = context.AddTask(_metrics.TaskName, autoStart: true, maxValue: 1);
        task.IsIndeterminate = true;
        ProgressTask? copy = null;
        while (true)
        {
            var now = ProgressSample.Take(_metrics, _time.GetUtcNow());
            _window.Enqueue(now);
            // A new phase starts its rates afresh: streaming's first seconds are not averaged with the copy's zeros.
            while (_window.Count > 2 && (now.Time - _window.Peek().Time > RateWindow || _window.Peek().Phase != now.Phase))
                _window.Dequeue();
            var rates = ProgressRates.Between(_window.Peek(), now);

            if (copy is null && (now.Phase == TaskPhase.Snapshotting || now.CopyTablesTotal > 0))
                copy = context.AddTask("copy", autoStart: true, maxValue: 1);
            if (copy is not null)
                UpdateCopy(copy, now, rates);
            _status.Set(task, Summary(now, rates) + StatusLine.Waiting(now));
            if (now.Phase is TaskPhase.Stopped or TaskPhase.Failed)
            {
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.StopTask();
            }

            context.Refresh();
            if (_stop.IsCancellationRequested)
                return;
            try
            {
                await Task.Delay(Refresh, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // One more pass shows the final figures.
            }
        }
    }

    private void UpdateCopy(ProgressTask copy, ProgressSample now, ProgressRates rates)
    {
        copy.MaxValue = Math.Max(1, Math.Max(now.CopyRowsTotal, now.CopyRowsDone));
        copy.Value = now.CopyRowsDone;
        var finished = now.CopyTablesTotal > 0 && now.CopyTablesDone >= now.CopyTablesTotal;
        if (finished || now.Phase != TaskPhase.Snapshotting && now.Phase != TaskPhase.Starting)
        {
            copy.Value = copy.MaxValue;
            _status.Set(copy, $"{now.CopyRowsDone:N0} rows, {now.CopyTablesDone}/{now.CopyTablesTotal} tables");
            copy.StopTask();
            return;
        }

        var percent = ProgressRates.Percent(now.CopyRowsDone, now.CopyRowsTotal) is { } p ? $"{p}%" : "?%";
        _status.Set(copy,
            $"{now.CopyRowsDone:N0}/{now.CopyRowsTotal:N0} rows {percent}  {rates.CopyRowsPerSecond:N0} rows/s  " +
            $"ETA {StatusLine.Duration(rates.CopyEta)}  tables {now.CopyTablesDone}/{now.CopyTablesTotal}");
    }

    private static string Summary(ProgressSample now, ProgressRates rates) => now.Phase switch
    {
        TaskPhase.Starting => "starting",
        TaskPhase.Snapshotting => "copying",
        TaskPhase.Streaming =>
            $"streaming  {rates.RowsPerSecond:N0} rows/s  {rates.TransactionsPerSecond:N0} txn/s  lag {StatusLine.Lag(now.Lag)}  " +
            $"queued {StatusLine.Size(now.QueuedBytes)}  applied {now.RowsApplied:N0} rows" +
            (now.Source is SourceContactState.Stalled or SourceContactState.Unreachable ? $"  source {PrometheusText.SourceStateName(now.Source)}" : string.Empty) +
            (now.Stalled ? "  STALLED" : string.Empty),
        _ => $"{PrometheusText.PhaseName(now.Phase)}  applied {now.RowsApplied:N0} rows in {now.TransactionsApplied:N0} transactions",
    };

    /// <summary>Free text after the bar, per task: Spectre's task state holds only value types.</summary>
    private sealed class StatusColumn : ProgressColumn
    {
        private readonly ConcurrentDictionary<int, string> _texts = new();

        public void Set(ProgressTask task, string text) => _texts[task.Id] = text;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(_texts.GetValueOrDefault(task.Id, string.Empty)) { Overflow = Overflow.Ellipsis };
    }
}
