namespace Tandem.MySql.Sink;

/// <summary>Backoff for retrying an idempotent batch after a lost connection or a lost lock conflict, for a bounded time.</summary>
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
