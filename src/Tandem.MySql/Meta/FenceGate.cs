using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Meta;

/// <summary>Where a runner's apply stands with respect to the fence it follows.</summary>
internal enum FencePhase
{
    /// <summary>No fence: every transaction is submitted.</summary>
    Open,

    /// <summary>Asked to pause: nothing more is submitted; answers <c>paused</c> once what was submitted is committed.</summary>
    Pausing,
    Paused,

    /// <summary>Asked to advance to P: submits up to P, stops before the first transaction after it, then answers <c>held</c>.</summary>
    Advancing,
    Held,
}

/// <summary>What the runner must do about a fence row it read.</summary>
internal enum FenceAction
{
    None,

    /// <summary>The gate closed for a new fence.</summary>
    Pause,

    /// <summary>The gate lets transactions up to the fence's source position through.</summary>
    Advance,

    /// <summary>The fence ended (released, removed, superseded or marked expired by someone else): the gate is open.</summary>
    Release,

    /// <summary>The fence outlived its expiry: mark its row expired; the gate is open.</summary>
    Expire,

    /// <summary>The fence asks to advance although this run never paused for it: mark its row expired, change nothing.</summary>
    Refuse,
}

internal readonly record struct FenceDecision(FenceAction Action, long Id, string Reason);

/// <summary>
/// The runner's side of the fence protocol without I/O: which transactions may be submitted, what a fence row read
/// from the target asks for, and when a pause or an advance is complete and may be answered. The caller serializes
/// every call (the runner's gate check and submission, and its watcher, share one lock). Times are a monotonic clock's.
/// </summary>
internal sealed class FenceGate
{
    private long _resolved;
    private TimeSpan _deadline;

    public FencePhase Phase { get; private set; } = FencePhase.Open;

    /// <summary>The fence the gate follows; null while open.</summary>
    public long? FenceId { get; private set; }

    /// <summary>While advancing or held: the source position P the verifier asked for.</summary>
    public BinlogFilePosition? Target { get; private set; }

    /// <summary>The position after the last transaction submitted by this run.</summary>
    public BinlogFilePosition? LastSubmitted { get; private set; }

    /// <summary>The position of the transaction waiting at the closed gate, if any.</summary>
    public BinlogFilePosition? Stopped { get; private set; }

    /// <summary>The states an answer moves the row from and to: <c>pause</c> to <c>paused</c>, <c>advance</c> to <c>held</c>.</summary>
    public (string From, string To) Answer => Phase switch
    {
        FencePhase.Pausing => (FenceState.Pause, FenceState.Paused),
        FencePhase.Advancing => (FenceState.Advance, FenceState.Held),
        _ => throw new InvalidOperationException($"a fence gate has nothing to answer while {Phase}"),
    };

    public bool MaySubmit(BinlogFilePosition position) => Phase switch
    {
        FencePhase.Open => true,
        FencePhase.Advancing => position <= Target,
        _ => false,
    };

    public void Submitted(BinlogFilePosition position)
    {
        LastSubmitted = position;
        Stopped = null;
    }

    public void Stop(BinlogFilePosition position) => Stopped = position;

    /// <summary>
    /// Whether the gate may answer once everything submitted is committed: a pause at once; an advance when nothing
    /// at or before P is left to submit: the last submission reached P, the transaction waiting at the gate is past
    /// it, or the source's heartbeat (<paramref name="caughtUpTo"/>) says the stream was read past P (an idle source,
    /// or P after events that are no transaction).
    /// </summary>
    public bool IsComplete(BinlogFilePosition? caughtUpTo) => Phase switch
    {
        FencePhase.Pausing => true,
        FencePhase.Advancing => LastSubmitted >= Target || Stopped > Target || caughtUpTo >= Target,
        _ => false,
    };

    /// <summary>The answer is written: pausing becomes paused, advancing becomes held.</summary>
    public void Answered() => Phase = Phase switch
    {
        FencePhase.Pausing => FencePhase.Paused,
        FencePhase.Advancing => FencePhase.Held,
        _ => throw new InvalidOperationException($"a fence gate has nothing to answer while {Phase}"),
    };

    /// <summary>Follows <paramref name="row"/>, the newest fence row of the task or the one the gate follows (null: none).</summary>
    public FenceDecision Observe(FenceRow? row, TimeSpan now)
    {
        if (FenceId is not { } current)
            return ObserveOpen(row, now);
        if (row is null || row.Id < current)
            return End(FenceAction.Release, current, "its row was removed");
        if (row.Id > current)
            return End(FenceAction.Release, current, $"the newer fence {row.Id} supersedes it");

        _deadline = now + row.ExpiresIn;
        switch (row.State)
        {
            case FenceState.Release:
                return End(FenceAction.Release, current, "released");
            case FenceState.Expired:
                return End(FenceAction.Release, current, "its row was marked expired");
            case var _ when row.ExpiresIn <= TimeSpan.Zero:
                return End(FenceAction.Expire, current, "its expiry passed without a release");
            case FenceState.Advance when Phase is FencePhase.Pausing or FencePhase.Paused && row.Source is { } to:
                Phase = FencePhase.Advancing;
                Target = to;
                return new FenceDecision(FenceAction.Advance, current, $"to {to}");
            default:
                return new FenceDecision(FenceAction.None, current, string.Empty);
        }
    }

    /// <summary>Whether the followed fence's expiry passed by the last expiry read (for when its row cannot be read).</summary>
    public bool IsPastDeadline(TimeSpan now) => FenceId is not null && now >= _deadline;

    /// <summary>Gives up a fence whose row cannot be read after its expiry.</summary>
    public FenceDecision Lapse() =>
        FenceId is { } current ? End(FenceAction.Expire, current, "its expiry passed while its row could not be read") : default;

    private FenceDecision ObserveOpen(FenceRow? row, TimeSpan now)
    {
        // Ids are never reused, so a row at or below the last one this gate finished with is old news.
        if (row is null || row.Id <= _resolved || row.State is not (FenceState.Pause or FenceState.Advance))
            return default;
        if (row.ExpiresIn <= TimeSpan.Zero)
        {
            _resolved = row.Id;
            return new FenceDecision(FenceAction.Expire, row.Id, "it expired before the task saw it");
        }

        if (row.State == FenceState.Pause)
        {
            Follow(row, now, FencePhase.Pausing, null);
            return new FenceDecision(FenceAction.Pause, row.Id, string.Empty);
        }

        // An advance is safe to follow only when nothing after P can have been submitted: before this run's first
        // submission (a restart while the fence was paused). Otherwise the verifier must be told.
        if (LastSubmitted is null && row.Source is { } to)
        {
            Follow(row, now, FencePhase.Advancing, to);
            return new FenceDecision(FenceAction.Advance, row.Id, $"to {to}");
        }

        _resolved = row.Id;
        return new FenceDecision(FenceAction.Refuse, row.Id, "it asks to advance, but the task never paused for it");
    }

    private void Follow(FenceRow row, TimeSpan now, FencePhase phase, BinlogFilePosition? target)
    {
        FenceId = row.Id;
        Phase = phase;
        Target = target;
        _deadline = now + row.ExpiresIn;
    }

    private FenceDecision End(FenceAction action, long id, string reason)
    {
        _resolved = Math.Max(_resolved, id);
        FenceId = null;
        Phase = FencePhase.Open;
        Target = null;
        return new FenceDecision(action, id, reason);
    }
}
