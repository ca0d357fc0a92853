namespace Tandem.Cli.Run;

/// <summary>
/// A silence that must not last: something expected regularly (a link's heartbeats, the source's events) has been
/// missing for longer than <c>stall_after</c>. It tells when a stall starts and when it ends, so each is reported once.
/// </summary>
internal sealed class StallWatch
{
    private readonly TimeSpan _stallAfter;
    private int _stalled;

    public StallWatch(TimeSpan stallAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stallAfter, TimeSpan.Zero);
        _stallAfter = stallAfter;
    }

    public TimeSpan StallAfter => _stallAfter;

    /// <summary>True while the silence is longer than the limit. Safe to read from any thread.</summary>
    public bool Stalled => Volatile.Read(ref _stalled) == 1;

    /// <summary>Judges the current silence; true when a stall starts, false when one ends, null when nothing changed.</summary>
    public bool? Observe(TimeSpan silent)
    {
        var stalled = silent > _stallAfter;
        if (stalled == Stalled)
            return null;
        Volatile.Write(ref _stalled, stalled ? 1 : 0);
        return stalled;
    }
}
