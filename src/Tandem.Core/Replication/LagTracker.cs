using Tandem.Core.Model;

namespace Tandem.Core.Replication;

/// <summary>
/// The task's lag: from the source's commit of the oldest transaction read but not yet committed on the target, to
/// now; zero with nothing in flight. A capture that reads slower than the source writes shows as lag too, since
/// its transactions arrive already old. While the capture is out of contact with the source (the connection lost,
/// or open but silent past the heartbeats), nothing in flight does not mean caught up: the lag is then at least
/// the time since the source time up to which the capture has read everything (the last transaction's commit, or
/// the last heartbeat's arrival), so it grows for as long as contact is lost.
/// </summary>
public sealed class LagTracker
{
    private readonly ReplicationMetrics _metrics;
    private readonly Func<SourcePosition?> _applied;
    private readonly SourceContact _contact;
    private readonly Queue<(SourcePosition Position, DateTimeOffset Committed)> _pending = new();
    private readonly Lock _gate = new();

    /// <param name="applied">The position up to which the target has durably committed (the writer's checkpoint), if any.</param>
    public LagTracker(ReplicationMetrics metrics, Func<SourcePosition?> applied, SourceContact contact)
    {
        _metrics = metrics;
        _applied = applied;
        _contact = contact;
    }

    /// <summary>The source contact as the last <see cref="Update()"/> saw it.</summary>
    public SourceContactReading Contact { get; private set; }

    public void Submitted(Transaction transaction)
    {
        // Transactions with no rows for the task (other tables, most DDL) have nothing to wait for on the target.
        if (transaction.SizeBytes == 0)
            return;
        var entry = (transaction.Position, LagClock.EstimatedCommitTime(transaction));
        lock (_gate)
        {
            _pending.Enqueue(entry);
        }
    }

    /// <summary>Drops what the checkpoint covers and publishes the lag and the source contact. Call from one thread.</summary>
    public TimeSpan Update() => Update(DateTimeOffset.UtcNow);

    internal TimeSpan Update(DateTimeOffset now)
    {
        TimeSpan lag;
        lock (_gate)
        {
            if (_applied() is { } applied)
            {
                while (_pending.Count > 0 && _pending.Peek().Position <= applied)
                    _pending.Dequeue();
            }

            lag = _pending.Count > 0 ? now - _pending.Peek().Committed : TimeSpan.Zero;
        }

        var contact = _contact.Observe(now);
        if (contact.State != SourceContactState.Connected && now - contact.ReadThroughAt > lag)
            lag = now - contact.ReadThroughAt;
        Contact = contact;

        lag = lag < TimeSpan.Zero ? TimeSpan.Zero : lag;
        _metrics.SetLag(lag);
        _metrics.SetSourceContact(contact.State, contact.LastHeardAt);
        return lag;
    }
}
