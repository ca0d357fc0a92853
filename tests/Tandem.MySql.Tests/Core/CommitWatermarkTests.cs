using Tandem.Core.Replication;

namespace Tandem.MySql.Tests.Core;

public sealed class CommitWatermarkTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Transactions_complete_on_arrival_join_one_entry_behind_a_stalled_one_and_the_watermark_passes_them_all()
    {
        var watermark = new CommitWatermark<string>();
        var stalled = watermark.Add("p1", Time);
        for (var i = 2; i <= 10_000; i++)
            watermark.AddComplete($"p{i}", Time.AddSeconds(i));

        Assert.Null(watermark.Position);
        Assert.Equal(Time, watermark.OldestPendingCommitTime);
        Assert.False(watermark.AllComplete);
        Assert.Equal(stalled + 2, watermark.NextSequence);

        watermark.Complete(stalled);

        Assert.Equal("p10000", watermark.Position);
        Assert.Equal(Time.AddSeconds(10_000), watermark.CommitTime);
        Assert.True(watermark.AllComplete);
    }

    [Fact]
    public void With_nothing_pending_a_complete_arrival_moves_the_watermark_at_once()
    {
        var watermark = new CommitWatermark<string>();
        watermark.AddComplete("p1", Time);
        Assert.Equal("p1", watermark.Position);
        Assert.True(watermark.AllComplete);

        var next = watermark.Add("p2", Time);
        watermark.AddComplete("p3", Time);
        var after = watermark.Add("p4", Time);
        watermark.Complete(after);
        Assert.Equal("p1", watermark.Position);
        watermark.Complete(next);
        Assert.Equal("p4", watermark.Position);
        Assert.True(watermark.AllComplete);
    }
}
