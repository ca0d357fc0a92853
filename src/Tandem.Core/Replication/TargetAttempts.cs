using Tandem.Core.Errors;

namespace Tandem.Core.Replication;

/// <summary>
/// The attempts of one operation on the target under a <see cref="TargetRetry"/>: <see cref="Failed"/> after each
/// transient error (it throws once the operation has failed for longer than the retry window), then
/// <see cref="Wait"/> or <see cref="WaitAsync"/>; <see cref="Succeeded"/> once it worked. Used by one loop at a time.
/// </summary>
public sealed class TargetAttempts : IDisposable
{
    private readonly TargetRetry _owner;
    private readonly string _what;
    private readonly RetryBackoff _backoff;
    private bool _failing;

    internal TargetAttempts(TargetRetry owner, string what, RetryBackoff backoff)
    {
        _owner = owner;
        _what = what;
        _backoff = backoff;
    }

    /// <summary>Records a transient failure; throws the error to fail the task with once the window is over.</summary>
    public void Failed(TandemException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (!_backoff.Failed())
            throw _owner.GiveUp(error);
        var first = !_failing;
        _failing = true;
        _owner.Failing(first, _what, error, _backoff.NextDelay);
    }

    public void Succeeded()
    {
        _backoff.Succeeded();
        if (!_failing)
            return;
        _failing = false;
        _owner.Ended(recovered: true);
    }

    public Task WaitAsync(CancellationToken ct) => _backoff.WaitAsync(ct);

    /// <summary>Blocks the calling thread (a writer's own) for the delay; throws when <paramref name="ct"/> is cancelled.</summary>
    public void Wait(CancellationToken ct) => _backoff.Wait(ct);

    public void Dispose()
    {
        if (!_failing)
            return;
        _failing = false;
        _owner.Ended(recovered: false);
    }
}
