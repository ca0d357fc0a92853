using Tandem.Core.Replication;

namespace Tandem.MySql.Tests.Core;

public sealed class CausalityDispatcherTests
{
    [Fact]
    public void Transactions_on_one_key_follow_the_worker_that_holds_it_unfinished()
    {
        var dispatcher = new CausalityDispatcher(4);
        var first = dispatcher.TryAssign(1, [42UL], 1);
        Assert.Equal(first, dispatcher.TryAssign(2, [42UL], 1));
        Assert.Equal(first, dispatcher.TryAssign(3, [7UL, 42UL], 1));
        Assert.Equal(first, dispatcher.TryAssign(4, [7UL], 1));
    }

    [Fact]
    public void Independent_transactions_spread_over_the_least_loaded_workers()
    {
        var dispatcher = new CausalityDispatcher(4);
        var workers = Enumerable.Range(1, 4).Select(i => dispatcher.TryAssign(i, [(ulong)i], 10)).ToHashSet();
        Assert.Equal(4, workers.Count);
    }

    [Fact]
    public void A_key_of_a_finished_transaction_constrains_nothing()
    {
        var dispatcher = new CausalityDispatcher(2);
        var w1 = dispatcher.TryAssign(1, [1UL], 5)!.Value;
        dispatcher.TryAssign(2, [2UL], 1);
        dispatcher.Finished(w1, 1, 5);
        // Key 1 is free now; the least loaded worker (the one that finished) takes it, or any: what matters is no wait.
        Assert.NotNull(dispatcher.TryAssign(3, [1UL], 1));
    }

    [Fact]
    public void A_transaction_conflicting_with_two_workers_waits_until_one_finishes()
    {
        var dispatcher = new CausalityDispatcher(2);
        var a = dispatcher.TryAssign(1, [1UL], 1)!.Value;
        var b = dispatcher.TryAssign(2, [2UL], 1)!.Value;
        Assert.NotEqual(a, b);
        Assert.Null(dispatcher.TryAssign(3, [1UL, 2UL], 1));
        dispatcher.Finished(a, 1, 1);
        Assert.Equal(b, dispatcher.TryAssign(3, [1UL, 2UL], 1));
    }

    [Fact]
    public void Unique_key_conflicts_serialize_like_primary_key_conflicts()
    {
        // Two rows trading a unique value: each transaction's key set holds the value it frees and the one it takes.
        var keys = new TableKeys(SinkTestTables.WithUnique);
        HashSet<ulong> KeysOf(object?[] before, object?[] after)
        {
            var set = new HashSet<ulong>();
            keys.AddConflictKeys(before, set);
            keys.AddConflictKeys(after, set);
            return set;
        }

        var dispatcher = new CausalityDispatcher(4);
        var first = dispatcher.TryAssign(1, KeysOf([1, 10, "a"], [1, null, "a"]), 1);
        var second = dispatcher.TryAssign(2, KeysOf([2, 20, "b"], [2, 10, "b"]), 1);
        Assert.Equal(first, second);
    }

    [Fact]
    public void The_dispatcher_is_drained_only_when_every_worker_finished_what_it_was_given()
    {
        var dispatcher = new CausalityDispatcher(2);
        Assert.True(dispatcher.IsDrained);
        var a = dispatcher.TryAssign(1, [1UL], 1)!.Value;
        var b = dispatcher.TryAssign(2, [2UL], 1)!.Value;
        Assert.False(dispatcher.IsDrained);
        dispatcher.Finished(a, 1, 1);
        Assert.False(dispatcher.IsDrained);
        dispatcher.Finished(b, 2, 1);
        Assert.True(dispatcher.IsDrained);
    }

    [Fact]
    public void The_watermark_stops_at_the_first_unfinished_transaction_and_a_batch_may_count_itself()
    {
        var watermark = new CommitWatermark<string>();
        var now = DateTimeOffset.UnixEpoch;
        var s1 = watermark.Add("p1", now);
        var s2 = watermark.Add("p2", now.AddSeconds(1));
        var s3 = watermark.Add("p3", now.AddSeconds(2));
        watermark.Complete(s2);
        Assert.Null(watermark.Position);
        Assert.Equal(now, watermark.OldestPendingCommitTime);
        Assert.Equal("p3", watermark.WatermarkWith([s1, s3]).Position);
        Assert.Equal("p2", watermark.WatermarkWith([s1]).Position);
        watermark.Complete(s1);
        Assert.Equal("p2", watermark.Position);
        watermark.Complete(s3);
        Assert.True(watermark.AllComplete);
        Assert.Null(watermark.OldestPendingCommitTime);
    }
}
