namespace Tandem.Core.Replication;

/// <summary>
/// Whether a change stream hears from its source. The capture reports, on its hot path and without reading a clock,
/// when it starts waiting for the source and when something arrives (an event, a heartbeat, a new connection); it
/// reports a lost connection, and the source time up to which it has read everything the source wrote: the commit of
/// the last transaction read, or the arrival of a heartbeat (a source sends one only when it has nothing else to
/// send). One observer samples it a few times a second (<see cref="Observe"/>), so the times it reports are as
/// precise as that.
/// </summary>
/// <remarks>
/// Silence counts only while the capture waits for the source: a capture held back by its consumer (a slow target,
/// a full queue) reads nothing because it does not ask, and that is the consumer's lag, not a silent source.
/// </remarks>
public sealed class SourceContact
{
    private readonly TimeSpan _silentAfter;

    // Written by the capture.
    private long _arrivals;
    private int _waiting;
    private int _connected = 1;
    private long _readThroughTicks;

    // The observer's own.
    private long _seenArrivals;
    private DateTimeOffset _quietSince;
    private DateTimeOffset? _lastHeardAt;

    /// <param name="silentAfter">How long a source on an open connection may send nothing before it counts as stalled.</param>
    /// <param name="startedAt">When the stream starts; before anything is read, the stream knows nothing past it.</param>
    public SourceContact(TimeSpan silentAfter, DateTimeOffset startedAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(silentAfter, TimeSpan.Zero);
        _silentAfter = silentAfter;
        _quietSince = startedAt;
        _readThroughTicks = startedAt.UtcTicks;
    }

    /// <summary>How long a source on an open connection may send nothing before it counts as stalled.</summary>
    public TimeSpan SilentAfter => _silentAfter;

    /// <summary>The capture waits for the source's next event.</summary>
    public void Waiting() => Volatile.Write(ref _waiting, 1);

    /// <summary>An event or a heartbeat arrived.</summary>
    public void Heard()
    {
        Volatile.Write(ref _waiting, 0);
        Interlocked.Increment(ref _arrivals);
    }

    /// <summary>The connection broke; the capture reopens it.</summary>
    public void Lost()
    {
        Volatile.Write(ref _waiting, 0);
        Volatile.Write(ref _connected, 0);
    }

    /// <summary>A new connection is open: the source answered.</summary>
    public void Reopened()
    {
        Volatile.Write(ref _connected, 1);
        Interlocked.Increment(ref _arrivals);
    }

    /// <summary>Everything the source wrote up to <paramref name="sourceTime"/> has been read (only later times count).</summary>
    public void ReadThrough(DateTimeOffset sourceTime)
    {
        // One writer (the capture), so a read and a write make a maximum.
        if (sourceTime.UtcTicks > Volatile.Read(ref _readThroughTicks))
            Volatile.Write(ref _readThroughTicks, sourceTime.UtcTicks);
    }

    /// <summary>The state at <paramref name="now"/>. Call from one thread only, a few times a second.</summary>
    public SourceContactReading Observe(DateTimeOffset now)
    {
        var arrivals = Interlocked.Read(ref _arrivals);
        var connected = Volatile.Read(ref _connected) == 1;
        if (arrivals != _seenArrivals)
        {
            _seenArrivals = arrivals;
            _lastHeardAt = now;
            _quietSince = now;
        }
        else if (connected && Volatile.Read(ref _waiting) == 0)
        {
            _quietSince = now;
        }

        var quiet = now - _quietSince;
        var state = !connected ? SourceContactState.Unreachable
            : quiet > _silentAfter ? SourceContactState.Stalled
            : SourceContactState.Connected;
        var readThrough = new DateTimeOffset(Volatile.Read(ref _readThroughTicks), TimeSpan.Zero);
        return new SourceContactReading(state, state == SourceContactState.Connected ? TimeSpan.Zero : quiet, _lastHeardAt, readThrough);
    }
}
