using Tandem.Core.Verify;

namespace Tandem.MySql.Tests.Core;

public sealed class RowRateLimiterTests
{
    [Fact]
    public void Without_a_limit_nothing_waits()
    {
        var limiter = new RowRateLimiter(0, new ManualTimeProvider());
        Assert.False(limiter.IsLimited);
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(1_000_000));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(1_000_000));
    }

    [Fact]
    public void Rows_beyond_the_rate_wait_for_their_turn()
    {
        var limiter = new RowRateLimiter(1_000, new ManualTimeProvider());
        Assert.True(limiter.IsLimited);
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(500));
        Assert.Equal(TimeSpan.FromSeconds(0.5), limiter.Reserve(500));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.Reserve(2_000));
        Assert.Equal(TimeSpan.FromSeconds(3), limiter.Reserve(1));
    }

    [Fact]
    public void Time_passing_pays_off_what_was_reserved()
    {
        var time = new ManualTimeProvider();
        var limiter = new RowRateLimiter(1_000, time);
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(1_500));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(0.5), limiter.Reserve(100));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(100));
    }

    [Fact]
    public void Idle_time_banks_one_second_of_rows_at_most()
    {
        var time = new ManualTimeProvider();
        var limiter = new RowRateLimiter(1_000, time);
        time.Advance(TimeSpan.FromMinutes(10));
        // The banked second and the reservation made now pass at once; the next waits as after a busy second.
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(1_000));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(1_000));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.Reserve(1_000));
    }

    [Fact]
    public async Task Workers_share_one_limit()
    {
        var limiter = new RowRateLimiter(1_000, new ManualTimeProvider());
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
                limiter.Reserve(10);
        })));
        Assert.Equal(TimeSpan.FromSeconds(8), limiter.Reserve(1));
    }

    [Fact]
    public async Task WaitAsync_returns_when_the_clock_reaches_the_rows_turn()
    {
        var time = new ManualTimeProvider();
        var limiter = new RowRateLimiter(1_000, time);
        await limiter.WaitAsync(1_000, CancellationToken.None);

        var waiting = limiter.WaitAsync(500, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.9));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_stops_waiting_when_cancelled()
    {
        var limiter = new RowRateLimiter(1_000, new ManualTimeProvider());
        limiter.Reserve(5_000);
        using var cancel = new CancellationTokenSource();
        var waiting = limiter.WaitAsync(1, cancel.Token);
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void A_negative_rate_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RowRateLimiter(-1));
    }
}
