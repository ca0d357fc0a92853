using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Meta;

namespace Tandem.MySql.Tests.Meta;

public sealed class FenceGateTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(100);

    private static BinlogFilePosition At(long offset, string file = "bin.000001") => new(file, offset);

    private static FenceRow Row(long id, string state, BinlogFilePosition? source = null, TimeSpan? expiresIn = null) =>
        new(id, state, source, null, expiresIn ?? Minute);

    private static FenceGate PausedAfter(long submitted, long id = 7)
    {
        var gate = new FenceGate();
        gate.Submitted(At(submitted));
        Assert.Equal(FenceAction.Pause, gate.Observe(Row(id, FenceState.Pause), Now).Action);
        gate.Answered();
        return gate;
    }

    [Fact]
    public void An_open_gate_submits_everything_and_a_release_row_changes_nothing()
    {
        var gate = new FenceGate();
        Assert.True(gate.MaySubmit(At(100)));
        Assert.Equal(FenceAction.None, gate.Observe(Row(3, FenceState.Release), Now).Action);
        Assert.Equal(FenceAction.None, gate.Observe(null, Now).Action);
        Assert.True(gate.MaySubmit(At(200)));
        Assert.False(gate.IsComplete(At(500)));
    }

    [Fact]
    public void A_pause_holds_the_next_transaction_and_is_complete_at_once_for_the_flush()
    {
        var gate = new FenceGate();
        gate.Submitted(At(100));
        var decision = gate.Observe(Row(7, FenceState.Pause), Now);

        Assert.Equal(new FenceDecision(FenceAction.Pause, 7, string.Empty), decision);
        Assert.False(gate.MaySubmit(At(200)));
        Assert.True(gate.IsComplete(null));
        Assert.Equal((FenceState.Pause, FenceState.Paused), gate.Answer);
        gate.Answered();
        Assert.Equal(FencePhase.Paused, gate.Phase);
        Assert.False(gate.IsComplete(null));
        Assert.False(gate.MaySubmit(At(200)));
    }

    [Fact]
    public void An_advance_submits_up_to_P_and_holds_the_first_transaction_after_it()
    {
        var gate = PausedAfter(100);
        gate.Stop(At(150));

        var decision = gate.Observe(Row(7, FenceState.Advance, At(300)), Now);

        Assert.Equal(FenceAction.Advance, decision.Action);
        Assert.False(gate.IsComplete(null), "the transaction waiting at 150 is before P");
        Assert.True(gate.MaySubmit(At(150)));
        gate.Submitted(At(150));
        Assert.True(gate.MaySubmit(At(300)));
        gate.Submitted(At(300));
        Assert.False(gate.MaySubmit(At(301)));
        Assert.True(gate.IsComplete(null));
        Assert.Equal((FenceState.Advance, FenceState.Held), gate.Answer);
        gate.Answered();
        Assert.Equal(FencePhase.Held, gate.Phase);
        Assert.False(gate.MaySubmit(At(250)));
    }

    [Fact]
    public void An_advance_is_complete_when_the_transaction_waiting_at_the_gate_is_past_P()
    {
        var gate = PausedAfter(100);
        gate.Observe(Row(7, FenceState.Advance, At(300)), Now);
        Assert.False(gate.IsComplete(null));
        gate.Stop(At(400));
        Assert.True(gate.IsComplete(null));
    }

    [Fact]
    public void An_idle_source_completes_an_advance_through_its_heartbeat_position_even_in_a_later_file()
    {
        var gate = PausedAfter(100);
        var target = At(385, "bin.000002");
        gate.Observe(Row(7, FenceState.Advance, target), Now);

        Assert.False(gate.IsComplete(At(100)));
        Assert.False(gate.IsComplete(At(384, "bin.000002")));
        Assert.True(gate.IsComplete(target));
        Assert.True(gate.IsComplete(At(4, "bin.000003")));
    }

    [Fact]
    public void A_release_of_the_followed_fence_opens_the_gate()
    {
        var gate = PausedAfter(100);
        var decision = gate.Observe(Row(7, FenceState.Release), Now);
        Assert.Equal(FenceAction.Release, decision.Action);
        Assert.Equal(7, decision.Id);
        Assert.Equal(FencePhase.Open, gate.Phase);
        Assert.Null(gate.FenceId);
        Assert.True(gate.MaySubmit(At(500)));
    }

    [Fact]
    public void A_removed_row_opens_the_gate()
    {
        var gate = PausedAfter(100);
        Assert.Equal(FenceAction.Release, gate.Observe(null, Now).Action);

        var older = PausedAfter(100, id: 9);
        Assert.Equal(FenceAction.Release, older.Observe(Row(4, FenceState.Release), Now).Action);
        Assert.True(older.MaySubmit(At(500)));
    }

    [Fact]
    public void A_row_marked_expired_by_someone_else_opens_the_gate()
    {
        var gate = PausedAfter(100);
        Assert.Equal(FenceAction.Release, gate.Observe(Row(7, FenceState.Expired), Now).Action);
        Assert.True(gate.MaySubmit(At(500)));
    }

    [Theory]
    [InlineData(FenceState.Paused)]
    [InlineData(FenceState.Held)]
    [InlineData(FenceState.Pause)]
    public void A_fence_past_its_expiry_is_expired_and_the_gate_opens(string state)
    {
        var gate = PausedAfter(100);
        var decision = gate.Observe(Row(7, state, expiresIn: TimeSpan.FromMilliseconds(-1)), Now);
        Assert.Equal(FenceAction.Expire, decision.Action);
        Assert.True(gate.MaySubmit(At(500)));
    }

    [Fact]
    public void A_pause_that_expired_before_it_was_seen_is_expired_without_closing_the_gate()
    {
        var gate = new FenceGate();
        var decision = gate.Observe(Row(5, FenceState.Pause, expiresIn: -Minute), Now);
        Assert.Equal(FenceAction.Expire, decision.Action);
        Assert.True(gate.MaySubmit(At(10)));
        Assert.Equal(FenceAction.None, gate.Observe(Row(5, FenceState.Pause, expiresIn: -Minute), Now).Action);
    }

    [Fact]
    public void A_newer_fence_supersedes_the_followed_one_and_is_taken_up_on_the_next_read()
    {
        var gate = PausedAfter(100);
        Assert.Equal(FenceAction.Release, gate.Observe(Row(8, FenceState.Pause), Now).Action);
        Assert.Equal(FenceAction.Pause, gate.Observe(Row(8, FenceState.Pause), Now).Action);
        Assert.Equal(8, gate.FenceId);
    }

    [Fact]
    public void An_advance_the_run_never_paused_for_is_refused_once_anything_was_submitted()
    {
        var gate = new FenceGate();
        gate.Submitted(At(100));
        var decision = gate.Observe(Row(7, FenceState.Advance, At(300)), Now);
        Assert.Equal(FenceAction.Refuse, decision.Action);
        Assert.True(gate.MaySubmit(At(500)));
        Assert.Equal(FenceAction.None, gate.Observe(Row(7, FenceState.Advance, At(300)), Now).Action);
    }

    [Fact]
    public void A_restarted_run_follows_an_advance_before_its_first_submission()
    {
        var gate = new FenceGate();
        var decision = gate.Observe(Row(7, FenceState.Advance, At(300)), Now);
        Assert.Equal(FenceAction.Advance, decision.Action);
        Assert.True(gate.MaySubmit(At(250)));
        Assert.False(gate.MaySubmit(At(350)));
    }

    [Fact]
    public void A_fence_whose_row_cannot_be_read_lapses_at_its_last_known_expiry()
    {
        var gate = new FenceGate();
        gate.Observe(Row(7, FenceState.Pause, expiresIn: TimeSpan.FromSeconds(5)), Now);
        Assert.False(gate.IsPastDeadline(Now + TimeSpan.FromSeconds(4)));
        Assert.True(gate.IsPastDeadline(Now + TimeSpan.FromSeconds(5)));
        Assert.Equal(FenceAction.Expire, gate.Lapse().Action);
        Assert.True(gate.MaySubmit(At(10)));
        Assert.False(gate.IsPastDeadline(Now + Minute));
    }

    [Fact]
    public void The_answer_of_an_advance_leaves_later_advance_rows_alone()
    {
        var gate = PausedAfter(100);
        gate.Observe(Row(7, FenceState.Advance, At(300)), Now);
        gate.Submitted(At(300));
        gate.Answered();
        Assert.Equal(FenceAction.None, gate.Observe(Row(7, FenceState.Advance, At(900)), Now).Action);
        Assert.Equal(At(300), gate.Target);
        Assert.False(gate.MaySubmit(At(400)));
    }

    [Fact]
    public void Answered_outside_a_pause_or_an_advance_is_a_bug()
    {
        var gate = new FenceGate();
        Assert.Throws<InvalidOperationException>(gate.Answered);
        Assert.Throws<InvalidOperationException>(() => gate.Answer);
    }
}
