namespace Tandem.Core.Errors;

/// <summary>
/// The wait between attempts at something that fails transiently (a lost connection, a server restarting, a lock
/// conflict): a first delay that doubles up to a ceiling, for as long as a window counted from the first failure of the
/// current run of failures. Progress (<see cref="Succeeded"/>) starts the next run afresh. One instance per retrying
/// loop; not thread-safe.
/// Not a Polly pipeline: the capture resumes each attempt from the position the last one reached, and the writers roll
/// back and replay inside their own loops (on the blocking-I/O path too), each reporting the delay in its log; a delay
/// doubling to a ceiling within a window is all they share.
/// </summary>
public sealed class RetryBackoff
{
    private readonly TimeSpan _first;
    private readonly TimeSpan _ceiling;
    private readonly TimeSpan? _window;
    private readonly TimeProvider _clock;
    private DateTimeOffset? _failingSince;

    /// <param name="window">How long failures may go on before <see cref="Failed"/> says to give up; null for ever.</param>
    public RetryBackoff(TimeSpan first, TimeSpan ceiling, TimeSpan? window, TimeProvider? clock = null)
    {
        _first = first;
        _ceiling = ceiling;
        _window = window;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The wait before the next attempt: zero until something failed.</summary>
    public TimeSpan NextDelay { get; private set; }

    /// <summary>When the current run of failures began; null while things work.</summary>
    public DateTimeOffset? FailingSince => _failingSince;

    /// <summary>How long failures may go on, from the first of a run.</summary>
    public TimeSpan? Window => _window;

    /// <summary>Records a failure and grows the delay; false once failures have lasted longer than the window.</summary>
    public bool Failed()
    {
        var now = _clock.GetUtcNow();
        _failingSince ??= now;
        if (_window is { } window && now - _failingSince > window)
            return false;
        NextDelay = NextDelay == TimeSpan.Zero ? _first : TimeSpan.FromTicks(Math.Min(NextDelay.Ticks * 2, _ceiling.Ticks));
        return true;
    }

    public void Succeeded()
    {
        _failingSince = null;
        NextDelay = TimeSpan.Zero;
    }

    public Task WaitAsync(CancellationToken ct) => NextDelay > TimeSpan.Zero ? Task.Delay(NextDelay, _clock, ct) : Task.CompletedTask;

    /// <summary>Blocks the calling thread (a writer's own) for the delay; throws when <paramref name="ct"/> is cancelled.</summary>
    public void Wait(CancellationToken ct)
    {
        if (NextDelay > TimeSpan.Zero)
            ct.WaitHandle.WaitOne(NextDelay);
        ct.ThrowIfCancellationRequested();
    }
}
