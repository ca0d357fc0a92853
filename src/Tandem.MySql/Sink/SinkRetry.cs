namespace Tandem.MySql.Sink;

/// <summary>Backoff for retrying an idempotent batch after a lost connection or a lost lock conflict, for a bounded time.</summary>
/// <remarks>
/// Not a Polly pipeline: the writers roll back and replay inside their own loops, carrying what a failed attempt left
/// (a DDL already replayed), on the blocking-I/O path too (<see cref="Wait"/>); a delay doubling to a ceiling is all they share.
/// </remarks>
internal sealed class SinkRetry
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly DateTime _giveUpAt;

    public SinkRetry(TimeSpan retryFor)
    {
        _giveUpAt = DateTime.UtcNow + retryFor;
    }

    public TimeSpan Delay { get; private set; } = TimeSpan.FromMilliseconds(100);

    public bool ShouldRetry() => DateTime.UtcNow < _giveUpAt;

    public void Wait(CancellationToken ct)
    {
        ct.WaitHandle.WaitOne(Delay);
        ct.ThrowIfCancellationRequested();
        Grow();
    }

    public async Task WaitAsync(CancellationToken ct)
    {
        await Task.Delay(Delay, ct).ConfigureAwait(false);
        Grow();
    }

    private void Grow() => Delay = TimeSpan.FromTicks(Math.Min(Delay.Ticks * 2, MaxDelay.Ticks));
}
