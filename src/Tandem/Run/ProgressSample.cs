using Tandem.Core.Replication;

namespace Tandem.Cli.Run;

/// <summary>One reading of a task's <see cref="ReplicationMetrics"/> at one moment; rates come from two of them.</summary>
internal readonly record struct ProgressSample(
    DateTimeOffset Time,
    TaskPhase Phase,
    long CopyRowsDone,
    long CopyRowsTotal,
    long CopyTablesDone,
    long CopyTablesTotal,
    long RowsApplied,
    long TransactionsApplied,
    TimeSpan Lag,
    long QueuedBytes,
    TargetWait? TargetWaiting = null,
    SourceContactState Source = SourceContactState.Unknown,
    bool Stalled = false)
{
    public static ProgressSample Take(ReplicationMetrics metrics, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new ProgressSample(
            time, metrics.Phase, metrics.CopyRowsDone, metrics.CopyRowsTotal, metrics.CopyTablesDone, metrics.CopyTablesTotal,
            metrics.RowsApplied, metrics.TransactionsApplied, metrics.Lag, metrics.QueuedBytes, metrics.TargetWaiting,
            metrics.SourceState, metrics.Stalled);
    }
}
