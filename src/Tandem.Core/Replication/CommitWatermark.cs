namespace Tandem.Core.Replication;

/// <summary>
/// The low watermark of an apply: transactions get increasing sequence numbers when submitted and are completed in
/// any order; the watermark is the last transaction such that it and all before it are complete. Not thread-safe.
/// </summary>
public sealed class CommitWatermark<TPosition>
    where TPosition : class
{
    private readonly List<Entry> _entries = [];
    private int _head;
    private long _firstSequence = 1;

    /// <summary>The sequence the next <see cref="Add"/> returns.</summary>
    public long NextSequence { get; private set; } = 1;

    /// <summary>The watermark's sequence (0 before anything completed).</summary>
    public long Sequence { get; private set; }

    /// <summary>The watermark's position; null before anything completed.</summary>
    public TPosition? Position { get; private set; }

    public DateTimeOffset? CommitTime { get; private set; }

    /// <summary>True when everything added is complete.</summary>
    public bool AllComplete => Sequence == NextSequence - 1;

    /// <summary>Source commit time of the oldest incomplete transaction, or null when all are complete.</summary>
    public DateTimeOffset? OldestPendingCommitTime => _head < _entries.Count ? _entries[_head].CommitTime : null;

    public long Add(TPosition position, DateTimeOffset commitTime)
    {
        var sequence = NextSequence++;
        _entries.Add(new Entry(position, commitTime));
        return sequence;
    }

    /// <summary>
    /// Adds a transaction that is complete as it arrives (one with nothing to apply). Behind an incomplete one it joins
    /// the complete entry before it, if any, instead of taking its own: a stalled writer then costs no memory per
    /// transaction the task does not apply.
    /// </summary>
    public void AddComplete(TPosition position, DateTimeOffset commitTime)
    {
        if (_entries.Count > _head && _entries[^1].Done)
        {
            _entries[^1] = new Entry(position, commitTime, Done: true);
            return;
        }

        Complete(Add(position, commitTime));
    }

    public void Complete(long sequence)
    {
        var index = IndexOf(sequence);
        _entries[index] = _entries[index] with { Done = true };
        while (_head < _entries.Count && _entries[_head].Done)
        {
            var entry = _entries[_head];
            Position = entry.Position;
            CommitTime = entry.CommitTime;
            Sequence = _firstSequence + _head;
            _head++;
        }

        if (_head > 4096 && _head * 2 > _entries.Count)
        {
            _entries.RemoveRange(0, _head);
            _firstSequence += _head;
            _head = 0;
        }
    }

    /// <summary>
    /// What the watermark would be if the transactions <paramref name="sequences"/> (ascending, all incomplete) were
    /// complete too: the checkpoint a batch may store in the same target transaction that completes them.
    /// </summary>
    public (long Sequence, TPosition? Position, DateTimeOffset? CommitTime) WatermarkWith(IReadOnlyList<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var result = (Sequence, Position, CommitTime);
        var next = 0;
        for (var i = _head; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            var sequence = _firstSequence + i;
            if (next < sequences.Count && sequences[next] == sequence)
                next++;
            else if (!entry.Done)
                break;
            result = (sequence, entry.Position, entry.CommitTime);
        }

        return result;
    }

    private int IndexOf(long sequence)
    {
        var index = sequence - _firstSequence;
        if (index < _head || index >= _entries.Count)
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "not an incomplete transaction");
        return (int)index;
    }

    private readonly record struct Entry(TPosition Position, DateTimeOffset CommitTime, bool Done = false);
}
