using Tandem.Core.Verify;

namespace Tandem.MySql.Tests.Core;

public sealed class AdaptiveChunkSizeTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_chunk_taking_twice_the_target_halves_the_next_one()
    {
        var size = new AdaptiveChunkSize(40_000, Second);
        size.Observe(40_000, TimeSpan.FromSeconds(2));
        Assert.Equal(20_000, size.Rows);
    }

    [Fact]
    public void A_quick_chunk_grows_the_next_at_most_fourfold()
    {
        var size = new AdaptiveChunkSize(10_000, Second);
        size.Observe(10_000, TimeSpan.FromMilliseconds(1));
        Assert.Equal(40_000, size.Rows);
        size.Observe(40_000, TimeSpan.Zero);
        Assert.Equal(160_000, size.Rows);
    }

    [Fact]
    public void A_slow_chunk_shrinks_the_next_at_most_fourfold()
    {
        var size = new AdaptiveChunkSize(100_000, Second);
        size.Observe(100_000, TimeSpan.FromMinutes(5));
        Assert.Equal(25_000, size.Rows);
    }

    [Fact]
    public void Sizes_stay_within_the_bounds()
    {
        var size = new AdaptiveChunkSize(3_000, Second, min: 2_000, max: 5_000);
        size.Observe(3_000, TimeSpan.FromMilliseconds(10));
        Assert.Equal(5_000, size.Rows);
        size.Observe(5_000, TimeSpan.FromSeconds(10));
        Assert.Equal(2_000, size.Rows);
        size.Observe(2_000, TimeSpan.FromSeconds(10));
        Assert.Equal(2_000, size.Rows);
    }

    [Fact]
    public void A_first_size_outside_the_bounds_widens_them_to_include_it()
    {
        var small = new AdaptiveChunkSize(500, Second);
        small.Observe(500, TimeSpan.FromSeconds(10));
        Assert.Equal(500, small.Rows);

        var large = new AdaptiveChunkSize(3_000_000, Second);
        large.Observe(3_000_000, TimeSpan.FromMilliseconds(1));
        Assert.Equal(3_000_000, large.Rows);
    }

    [Fact]
    public void A_short_last_chunk_leaves_the_size_alone()
    {
        var size = new AdaptiveChunkSize(50_000, Second);
        size.Observe(120, TimeSpan.FromMilliseconds(1));
        Assert.Equal(50_000, size.Rows);
    }

    [Fact]
    public void A_zero_target_keeps_the_first_size()
    {
        var size = new AdaptiveChunkSize(500, TimeSpan.Zero);
        size.Observe(500, TimeSpan.FromMilliseconds(1));
        size.Observe(500, TimeSpan.FromMinutes(1));
        Assert.Equal(500, size.Rows);
    }

    [Fact]
    public void A_first_size_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveChunkSize(0, Second));
    }
}
