namespace Tandem.Core.Replication;

/// <summary>
/// Live counters of one task, written by the copy and the apply from any thread and read by the progress
/// display and the Prometheus endpoint. Counters only grow; gauges hold the latest value.
/// </summary>
public sealed class ReplicationMetrics
{
    private long _copyRowsDone;
    private long _copyRowsTotal;
    private long _copyTablesDone;
    private long _copyTablesTotal;
    private long _rowsApplied;
    private long _transactionsApplied;
    private long _queuedBytes;
    private long _lastAppliedCommitTicks;
    private long _lagMicroseconds;
    private int _phase;
    private long _conflictsApplied;
    private long _conflictsSkipped;
    private long _loopsDropped;
    private long _foreignDdl;
    private long _heartbeatLagMicroseconds = -1;
    private long _lastHeartbeatTicks;
    private long _targetRetries;
    private TargetWait? _targetWait;
    private int _sourceState;
    private long _lastSourceContactTicks;
    private int _sourceStalled;
    private int _heartbeatStalled;

    public string TaskName { get; }

    public ReplicationMetrics(string taskName) => TaskName = taskName;

    public TaskPhase Phase
    {
        get => (TaskPhase)Volatile.Read(ref _phase);
        set => Volatile.Write(ref _phase, (int)value);
    }

    public long CopyRowsDone => Interlocked.Read(ref _copyRowsDone);

    /// <summary>The source's row estimate for the tables being copied (information_schema), for the ETA.</summary>
    public long CopyRowsTotal => Interlocked.Read(ref _copyRowsTotal);

    public long CopyTablesDone => Interlocked.Read(ref _copyTablesDone);

    public long CopyTablesTotal => Interlocked.Read(ref _copyTablesTotal);

    public long RowsApplied => Interlocked.Read(ref _rowsApplied);

    public long TransactionsApplied => Interlocked.Read(ref _transactionsApplied);

    /// <summary>Bytes of source transactions read but not yet committed on the target.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Source commit time of the last transaction the target committed, or null before the first.</summary>
    public DateTimeOffset? LastAppliedCommitTime
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastAppliedCommitTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// From the source's commit of the oldest change read but not yet committed on the target, to now; zero when caught
    /// up. While the stream is out of contact with its source, at least the time since the point up to which the
    /// stream has read everything (see <see cref="SourceState"/>).
    /// </summary>
    public TimeSpan Lag => TimeSpan.FromMicroseconds(Interlocked.Read(ref _lagMicroseconds));

    /// <summary>Links: conflicts met whose incoming change was written (or stopped the direction).</summary>
    public long ConflictsApplied => Interlocked.Read(ref _conflictsApplied);

    /// <summary>Links: conflicts met whose incoming change was not written (the target's row kept).</summary>
    public long ConflictsSkipped => Interlocked.Read(ref _conflictsSkipped);

    /// <summary>Links: transactions read that the link itself had applied on this source, dropped so they never loop.</summary>
    public long LoopsDropped => Interlocked.Read(ref _loopsDropped);

    /// <summary>Links: DDL run on this source that the direction does not replicate (ddl: false), reported as warnings.</summary>
    public long ForeignDdl => Interlocked.Read(ref _foreignDdl);

    /// <summary>Links: written-to-applied time of the last heartbeat that arrived, or null before the first.</summary>
    public TimeSpan? HeartbeatLag
    {
        get
        {
            var micros = Interlocked.Read(ref _heartbeatLagMicroseconds);
            return micros < 0 ? null : TimeSpan.FromMicroseconds(micros);
        }
    }

    /// <summary>Links: when the last heartbeat arrived (this process's clock), or null before the first.</summary>
    public DateTimeOffset? LastHeartbeatAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastHeartbeatTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Since when the target has not answered, and its last error, while Tandem waits for it (a restart, a lost
    /// connection, read-only mode, a lock conflict being retried); null while it answers.
    /// </summary>
    public TargetWait? TargetWaiting => Volatile.Read(ref _targetWait);

    /// <summary>Target operations retried after a transient error, since the task started.</summary>
    public long TargetRetries => Interlocked.Read(ref _targetRetries);

    public void TargetFailing(DateTimeOffset since, string error)
    {
        Interlocked.Increment(ref _targetRetries);
        Volatile.Write(ref _targetWait, new TargetWait(since, error));
    }

    public void TargetAnswers() => Volatile.Write(ref _targetWait, null);

    /// <summary>Whether the change stream hears from its source; <see cref="SourceContactState.Unknown"/> before it streams.</summary>
    public SourceContactState SourceState => (SourceContactState)Volatile.Read(ref _sourceState);

    /// <summary>When the change stream last heard from its source (an event, a heartbeat, a new connection), or null before.</summary>
    public DateTimeOffset? LastSourceContactAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastSourceContactTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>The change stream has been out of contact with its source for longer than the task's stall_after.</summary>
    public bool SourceStalled
    {
        get => Volatile.Read(ref _sourceStalled) == 1;
        set => Volatile.Write(ref _sourceStalled, value ? 1 : 0);
    }

    /// <summary>Links: no heartbeat was applied for longer than the link's stall_after.</summary>
    public bool HeartbeatStalled
    {
        get => Volatile.Read(ref _heartbeatStalled) == 1;
        set => Volatile.Write(ref _heartbeatStalled, value ? 1 : 0);
    }

    /// <summary>The task is stalled: its source out of contact, or (links) its heartbeats missing, for longer than stall_after.</summary>
    public bool Stalled => SourceStalled || HeartbeatStalled;

    public void SetSourceContact(SourceContactState state, DateTimeOffset? lastContact)
    {
        Volatile.Write(ref _sourceState, (int)state);
        if (lastContact is { } at)
            Interlocked.Exchange(ref _lastSourceContactTicks, at.UtcTicks);
    }

    public void AddConflict(bool skipped) => Interlocked.Increment(ref skipped ? ref _conflictsSkipped : ref _conflictsApplied);

    public void LoopDropped() => Interlocked.Increment(ref _loopsDropped);

    public void ForeignDdlSeen() => Interlocked.Increment(ref _foreignDdl);

    public void HeartbeatArrived(TimeSpan lag, DateTimeOffset at)
    {
        Interlocked.Exchange(ref _heartbeatLagMicroseconds, Math.Max(0, (long)lag.TotalMicroseconds));
        Interlocked.Exchange(ref _lastHeartbeatTicks, at.UtcTicks);
    }

    public void AddCopyTotals(long rows, long tables)
    {
        Interlocked.Add(ref _copyRowsTotal, rows);
        Interlocked.Add(ref _copyTablesTotal, tables);
    }

    public void AddCopiedRows(long rows) => Interlocked.Add(ref _copyRowsDone, rows);

    public void TableCopied() => Interlocked.Increment(ref _copyTablesDone);

    public void AddApplied(long rows, long transactions, DateTimeOffset lastCommitTime)
    {
        Interlocked.Add(ref _rowsApplied, rows);
        Interlocked.Add(ref _transactionsApplied, transactions);
        var ticks = lastCommitTime.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _lastAppliedCommitTicks);
            if (current >= ticks)
                return;
        }
        while (Interlocked.CompareExchange(ref _lastAppliedCommitTicks, ticks, current) != current);
    }

    public void AddQueuedBytes(long delta) => Interlocked.Add(ref _queuedBytes, delta);

    public void SetLag(TimeSpan lag) => Interlocked.Exchange(ref _lagMicroseconds, Math.Max(0, (long)lag.TotalMicroseconds));
}
