using Tandem.Cli.Run;
using Tandem.Core.Replication;

namespace Tandem.IntegrationTests.Run;

/// <summary>The plain status line is an interface scripts grep: these pin its exact form (docs/task-file.md).</summary>
public sealed class StatusLineTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 10, 0, 5, TimeSpan.Zero);

    [Fact]
    public void A_streaming_line_has_rates_lag_queue_and_totals()
    {
        var sample = new ProgressSample(At, TaskPhase.Streaming, 0, 0, 0, 0, 9_876_543, 1_234_567, TimeSpan.FromMilliseconds(210), 1_258_291, Source: SourceContactState.Connected);

        Assert.Equal(
            "2026-11-21T10:00:05Z demo streaming rows/s=12345 txn/s=1500 lag=0.21s queued=1.2MiB applied_rows=9876543 applied_txns=1234567 source=connected stalled=no",
            StatusLine.Format("demo", sample, new ProgressRates(0, 12_345.4, 1_499.6, null)));
    }

    [Fact]
    public void A_task_waiting_for_its_target_ends_its_line_with_the_wait_and_the_error()
    {
        var wait = new TargetWait(At.AddSeconds(-12), "lost the connection while reading from mysql://root@127.0.0.1:3308: the server closed the connection");
        var sample = new ProgressSample(At, TaskPhase.Streaming, 0, 0, 0, 0, 10, 2, TimeSpan.FromSeconds(12.5), 2048, wait);

        Assert.Equal(
            "2026-11-21T10:00:05Z demo streaming rows/s=0 txn/s=0 lag=12.50s queued=2.0KiB applied_rows=10 applied_txns=2 source=unknown stalled=no " +
            "waiting for target 12s: lost the connection while reading from mysql://root@127.0.0.1:3308: the server closed the connection",
            StatusLine.Format("demo", sample, default));
        Assert.DoesNotContain("waiting", StatusLine.Format("demo", sample with { Phase = TaskPhase.Stopped }, default), StringComparison.Ordinal);
    }

    [Fact]
    public void A_streaming_line_says_when_the_source_is_out_of_contact_and_the_task_stalled()
    {
        var sample = new ProgressSample(At, TaskPhase.Streaming, 0, 0, 0, 0, 10, 2, TimeSpan.FromSeconds(42.5), 0, Source: SourceContactState.Unreachable, Stalled: true);

        Assert.Equal(
            "2026-11-21T10:00:05Z demo streaming rows/s=0 txn/s=0 lag=42.50s queued=0B applied_rows=10 applied_txns=2 source=unreachable stalled=yes",
            StatusLine.Format("demo", sample, default));
    }

    [Fact]
    public void A_copying_line_has_tables_rows_percent_rate_and_eta()
    {
        var sample = new ProgressSample(At, TaskPhase.Snapshotting, 240_000, 800_000, 3, 8, 0, 0, TimeSpan.Zero, 0);

        Assert.Equal(
            "2026-11-21T10:00:05Z demo copying tables=3/8 rows=240000/800000 (30%) rows/s=95000 eta=6s",
            StatusLine.Format("demo", sample, new ProgressRates(95_000, 0, 0, TimeSpan.FromSeconds(6))));
    }

    [Fact]
    public void An_unknown_estimate_and_eta_are_marked()
    {
        var sample = new ProgressSample(At, TaskPhase.Snapshotting, 10, 0, 0, 1, 0, 0, TimeSpan.Zero, 0);

        Assert.Equal("2026-11-21T10:00:05Z demo copying tables=0/1 rows=10/0 (?%) rows/s=0 eta=-", StatusLine.Format("demo", sample, default));
    }

    [Fact]
    public void Start_and_stop_lines()
    {
        Assert.Equal("2026-11-21T10:00:05Z demo starting", StatusLine.Format("demo", new ProgressSample { Time = At, Phase = TaskPhase.Starting }, default));
        Assert.Equal(
            "2026-11-21T10:00:05Z demo stopped copied_rows=5 applied_rows=7 applied_txns=2 lag=0.00s",
            StatusLine.Format("demo", new ProgressSample(At, TaskPhase.Stopped, 5, 5, 1, 1, 7, 2, TimeSpan.Zero, 0), default));
        Assert.StartsWith("2026-11-21T10:00:05Z demo failed ", StatusLine.Format("demo", new ProgressSample { Time = At, Phase = TaskPhase.Failed }, default), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1023L, "1023B")]
    [InlineData(1536L, "1.5KiB")]
    [InlineData(1L << 20, "1.0MiB")]
    [InlineData(5L << 30, "5.0GiB")]
    public void Sizes_are_compact(long bytes, string expected) => Assert.Equal(expected, StatusLine.Size(bytes));

    [Theory]
    [InlineData(6, "6s")]
    [InlineData(125, "2m05s")]
    [InlineData(3720, "1h02m")]
    [InlineData(273600, "3d04h")]
    public void Durations_use_their_two_largest_units(int seconds, string expected) => Assert.Equal(expected, StatusLine.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public async Task The_plain_display_prints_a_line_at_start_every_interval_and_at_the_end()
    {
        var metrics = new ReplicationMetrics("demo");
        using var output = new StringWriter();

        var display = new PlainProgressDisplay(output, metrics, TimeSpan.FromMilliseconds(100), TimeProvider.System);
        metrics.Phase = TaskPhase.Streaming;
        metrics.AddApplied(100, 10, DateTimeOffset.UtcNow);
        await Task.Delay(450);
        metrics.Phase = TaskPhase.Stopped;
        await display.DisposeAsync();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ demo starting$", lines[0]);
        Assert.Contains(lines, static l => l.Contains(" demo streaming rows/s=", StringComparison.Ordinal));
        Assert.EndsWith(" demo stopped copied_rows=0 applied_rows=100 applied_txns=10 lag=0.00s", lines[^1], StringComparison.Ordinal);
        Assert.InRange(lines.Length, 3, 8);
    }
}
