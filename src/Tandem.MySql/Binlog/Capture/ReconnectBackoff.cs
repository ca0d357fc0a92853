using Tandem.Core.Errors;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// Waits between reconnection attempts: 0.5 s doubling up to a ceiling, and gives up (rethrowing the last error) once
/// the connection has been failing for longer than allowed.
/// Not a Polly pipeline: the capture loop resumes each attempt from the position the last one reached and reports the
/// delay in its log, so it keeps the loop and needs only these few lines of state.
/// </summary>
internal sealed class ReconnectBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);

    private readonly TimeSpan _ceiling;
    private readonly TimeSpan? _giveUpAfter;
    private DateTimeOffset? _failingSince;
    private TimeSpan _delay = TimeSpan.Zero;

    public ReconnectBackoff(TimeSpan ceiling, TimeSpan? giveUpAfter)
    {
        _ceiling = ceiling;
        _giveUpAfter = giveUpAfter;
    }

    public TimeSpan NextDelay => _delay;

    public Task WaitAsync(CancellationToken ct) => _delay > TimeSpan.Zero ? Task.Delay(_delay, ct) : Task.CompletedTask;

    /// <summary>Records a failure; true when another attempt should be made, otherwise the error is rethrown.</summary>
    public bool Failed(TandemException error)
    {
        var now = DateTimeOffset.UtcNow;
        _failingSince ??= now;
        if (_giveUpAfter is { } limit && now - _failingSince > limit)
        {
            throw new TandemException(
                $"gave up reconnecting to the source after {limit.TotalMinutes:0.#} min: {error.Message}",
                error.Hint ?? "check that the source is up and reachable, then run again; the stream resumes from the last complete transaction",
                error);
        }

        _delay = _delay == TimeSpan.Zero ? First : TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, _ceiling.Ticks));
        return true;
    }

    public void Succeeded()
    {
        _failingSince = null;
        _delay = TimeSpan.Zero;
    }
}
