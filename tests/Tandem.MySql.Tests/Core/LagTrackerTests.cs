using Tandem.Core.Model;
using Tandem.Core.Replication;

namespace Tandem.MySql.Tests.Core;

/// <summary>The lag over opaque positions: what the checkpoint covers stops counting, in the position's own order.</summary>
public sealed class LagTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_lag_runs_from_the_oldest_commit_the_target_has_not_applied()
    {
        SourcePosition? applied = null;
        var (tracker, metrics) = Tracker(() => applied);
        tracker.Submitted(Transaction(new CounterPosition(1), Start.AddSeconds(1)));
        tracker.Submitted(Transaction(new CounterPosition(2), Start.AddSeconds(4)));

        Assert.Equal(TimeSpan.FromSeconds(9), tracker.Update(Start.AddSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(9), metrics.Lag);

        applied = new CounterPosition(1);
        Assert.Equal(TimeSpan.FromSeconds(6), tracker.Update(Start.AddSeconds(10)));

        // A checkpoint past both, though no transaction ended exactly there (the next one had no rows for the task).
        applied = new CounterPosition(3);
        Assert.Equal(TimeSpan.Zero, tracker.Update(Start.AddSeconds(10)));
    }

    [Fact]
    public void A_transaction_with_nothing_for_the_target_is_not_waited_for()
    {
        var (tracker, _) = Tracker(() => null);
        tracker.Submitted(Transaction(new CounterPosition(1), Start, sizeBytes: 0));
        Assert.Equal(TimeSpan.Zero, tracker.Update(Start.AddSeconds(30)));
    }

    [Fact]
    public void A_checkpoint_of_another_engine_is_refused_rather_than_misread()
    {
        var (tracker, _) = Tracker(() => new CounterPosition(5, "other"));
        tracker.Submitted(Transaction(new CounterPosition(1), Start));
        var error = Assert.Throws<ArgumentException>(() => tracker.Update(Start.AddSeconds(1)));
        Assert.Contains("the test position 1 does not compare with the other position 5", error.Message, StringComparison.Ordinal);
    }

    private static (LagTracker Tracker, ReplicationMetrics Metrics) Tracker(Func<SourcePosition?> applied)
    {
        var metrics = new ReplicationMetrics("lag");
        var contact = new SourceContact(TimeSpan.FromMinutes(10), Start);
        return (new LagTracker(metrics, applied, contact), metrics);
    }

    private static Transaction Transaction(SourcePosition position, DateTimeOffset committed, long sizeBytes = 100) =>
        new EmptyTransaction { Position = position, CommitTime = committed, SizeBytes = sizeBytes };
}
