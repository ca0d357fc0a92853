using Tandem.Core.Replication;

namespace Tandem.MySql.Tests.Core;

public sealed class SourceContactTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan SilentAfter = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_source_that_keeps_sending_stays_connected()
    {
        var contact = new SourceContact(SilentAfter, Start);
        for (var second = 1; second <= 60; second++)
        {
            contact.Waiting();
            contact.Heard();
            contact.Waiting();
            var reading = contact.Observe(Start.AddSeconds(second));
            Assert.Equal(SourceContactState.Connected, reading.State);
            Assert.Equal(TimeSpan.Zero, reading.OutOfContactFor);
            Assert.Equal(Start.AddSeconds(second), reading.LastHeardAt);
        }
    }

    [Fact]
    public void A_wait_with_nothing_arriving_past_the_limit_is_a_stall_that_grows_until_something_arrives()
    {
        var contact = new SourceContact(SilentAfter, Start);
        contact.Heard();
        contact.Waiting();
        Assert.Equal(SourceContactState.Connected, contact.Observe(Start).State);
        Assert.Equal(SourceContactState.Connected, contact.Observe(Start.AddSeconds(5)).State);

        var stalled = contact.Observe(Start.AddSeconds(6));
        Assert.Equal(SourceContactState.Stalled, stalled.State);
        Assert.Equal(TimeSpan.FromSeconds(6), stalled.OutOfContactFor);
        Assert.Equal(TimeSpan.FromSeconds(20), contact.Observe(Start.AddSeconds(20)).OutOfContactFor);

        contact.Heard();
        var back = contact.Observe(Start.AddSeconds(21));
        Assert.Equal(SourceContactState.Connected, back.State);
        Assert.Equal(TimeSpan.Zero, back.OutOfContactFor);
    }

    [Fact]
    public void A_capture_held_back_by_its_consumer_is_not_a_silent_source()
    {
        var contact = new SourceContact(SilentAfter, Start);
        contact.Heard();

        // Not waiting: the capture does not ask the source for more while the target catches up.
        Assert.Equal(SourceContactState.Connected, contact.Observe(Start.AddSeconds(30)).State);
        Assert.Equal(SourceContactState.Connected, contact.Observe(Start.AddSeconds(60)).State);

        // Its silence starts when it asks again, not when it last heard.
        contact.Waiting();
        Assert.Equal(SourceContactState.Connected, contact.Observe(Start.AddSeconds(64)).State);
        Assert.Equal(SourceContactState.Stalled, contact.Observe(Start.AddSeconds(66)).State);
    }

    [Fact]
    public void A_lost_connection_is_unreachable_at_once_and_counts_from_the_last_contact_until_a_new_one_answers()
    {
        var contact = new SourceContact(SilentAfter, Start);
        contact.Heard();
        contact.Waiting();
        contact.Observe(Start.AddSeconds(1));
        contact.Lost();

        var lost = contact.Observe(Start.AddSeconds(2));
        Assert.Equal(SourceContactState.Unreachable, lost.State);
        Assert.Equal(TimeSpan.FromSeconds(1), lost.OutOfContactFor);
        Assert.Equal(TimeSpan.FromSeconds(40), contact.Observe(Start.AddSeconds(41)).OutOfContactFor);
        Assert.Equal(Start.AddSeconds(1), contact.Observe(Start.AddSeconds(42)).LastHeardAt);

        contact.Reopened();
        var reopened = contact.Observe(Start.AddSeconds(43));
        Assert.Equal(SourceContactState.Connected, reopened.State);
        Assert.Equal(Start.AddSeconds(43), reopened.LastHeardAt);
    }

    [Fact]
    public void The_read_through_time_starts_at_the_start_and_only_moves_forward()
    {
        var contact = new SourceContact(SilentAfter, Start);
        Assert.Equal(Start, contact.Observe(Start.AddSeconds(1)).ReadThroughAt);

        contact.ReadThrough(Start.AddSeconds(10));
        contact.ReadThrough(Start.AddSeconds(7));
        Assert.Equal(Start.AddSeconds(10), contact.Observe(Start.AddSeconds(11)).ReadThroughAt);
    }
}
