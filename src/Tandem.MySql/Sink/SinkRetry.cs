namespace Tandem.MySql.Sink;

/// <summary>Backoff for retrying an idempotent batch after a lost connection or a lost lock conflict, for a bounded time.</summary>
internal sealed class SinkRetry
{
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
        Delay = TimeSpan.FromTicks(Math.Min(Delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
    }

    public async Task WaitAsync(CancellationToken ct)
    {
        await Task.Delay(Delay, ct).ConfigureAwait(false);
        Delay = TimeSpan.FromTicks(Math.Min(Delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
    }
}
