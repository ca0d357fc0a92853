using Tandem.Core.Model;
using Tandem.MySql.Binlog.Capture;

namespace Tandem.MySql.Sink;

/// <summary>A submitted transaction materialized for a writer: its rows with their tables, and what it costs in memory.</summary>
internal sealed class PendingTransaction
{
    public required long Sequence { get; init; }

    public required BinlogPosition Position { get; init; }

    public required DateTimeOffset CommitTime { get; init; }

    public required List<(SinkTable Table, RowChange Change)> Rows { get; init; }

    public required long Bytes { get; init; }

    /// <summary>When it entered the writer's queue (Stopwatch ticks): the batch it starts waits at most BatchWait after.</summary>
    public long QueuedAt { get; set; }
}
