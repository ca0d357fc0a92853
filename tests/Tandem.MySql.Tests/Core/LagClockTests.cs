using Tandem.Core.Model;
using Tandem.Core.Replication;

namespace Tandem.MySql.Tests.Core;

public sealed class LagClockTests
{
    private static readonly DateTimeOffset Second = new(2026, 11, 21, 10, 0, 5, TimeSpan.Zero);

    [Fact]
    public void A_commit_read_within_its_stamped_second_is_dated_when_it_was_read()
    {
        var read = Second.AddMilliseconds(230);
        Assert.Equal(read, LagClock.EstimatedCommitTime(Transaction(Second, read)));
    }

    [Fact]
    public void A_commit_read_late_is_dated_at_the_end_of_its_stamped_second()
    {
        Assert.Equal(Second.AddSeconds(1), LagClock.EstimatedCommitTime(Transaction(Second, Second.AddSeconds(40))));
    }

    [Fact]
    public void A_reader_clock_behind_the_source_never_dates_a_commit_before_its_stamp()
    {
        Assert.Equal(Second, LagClock.EstimatedCommitTime(Transaction(Second, Second.AddSeconds(-3))));
    }

    [Fact]
    public void Sub_second_commit_stamps_and_unknown_read_times_are_taken_as_they_are()
    {
        var exact = Second.AddTicks(1234567);
        Assert.Equal(exact, LagClock.EstimatedCommitTime(Transaction(exact, exact.AddSeconds(9))));
        Assert.Equal(Second, LagClock.EstimatedCommitTime(Transaction(Second, default)));
    }

    private static Transaction Transaction(DateTimeOffset committed, DateTimeOffset observed) =>
        new EmptyTransaction { Position = new CounterPosition(1), CommitTime = committed, ObservedAt = observed };
}
