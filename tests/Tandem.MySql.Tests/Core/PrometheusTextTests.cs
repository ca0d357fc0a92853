using Tandem.Core.Replication;

namespace Tandem.MySql.Tests.Core;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Every_figure_has_help_type_and_the_task_label()
    {
        var metrics = new ReplicationMetrics("demo") { Phase = TaskPhase.Streaming };
        metrics.AddCopyTotals(800_000, 8);
        metrics.AddCopiedRows(240_000);
        metrics.TableCopied();
        metrics.TableCopied();
        metrics.TableCopied();
        metrics.AddApplied(12_345, 1_500, DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000));
        metrics.AddQueuedBytes(1_258_291);
        metrics.SetLag(TimeSpan.FromMilliseconds(210));
        metrics.SetSourceContact(SourceContactState.Connected, DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_001.5));

        Assert.Equal(
            """
            # HELP tandem_copy_rows_total Rows the full copy has written to the target.
            # TYPE tandem_copy_rows_total counter
            tandem_copy_rows_total{task="demo"} 240000
            # HELP tandem_copy_rows_estimated The source's row estimate for the tables of the full copy.
            # TYPE tandem_copy_rows_estimated gauge
            tandem_copy_rows_estimated{task="demo"} 800000
            # HELP tandem_copy_tables_done Tables the full copy has finished.
            # TYPE tandem_copy_tables_done gauge
            tandem_copy_tables_done{task="demo"} 3
            # HELP tandem_copy_tables_total Tables the full copy covers.
            # TYPE tandem_copy_tables_total gauge
            tandem_copy_tables_total{task="demo"} 8
            # HELP tandem_applied_rows_total Row changes of the change stream committed on the target.
            # TYPE tandem_applied_rows_total counter
            tandem_applied_rows_total{task="demo"} 12345
            # HELP tandem_applied_transactions_total Source transactions committed on the target.
            # TYPE tandem_applied_transactions_total counter
            tandem_applied_transactions_total{task="demo"} 1500
            # HELP tandem_lag_seconds Source commit of the oldest change not yet committed on the target, to now (0 when caught up); while out of contact with the source, at least the time since the stream last knew it had read everything.
            # TYPE tandem_lag_seconds gauge
            tandem_lag_seconds{task="demo"} 0.21
            # HELP tandem_queued_bytes Bytes of source transactions read but not yet committed on the target.
            # TYPE tandem_queued_bytes gauge
            tandem_queued_bytes{task="demo"} 1258291
            # HELP tandem_target_waiting_seconds How long the task has been waiting for its target (restarting, unreachable, read-only, a lock conflict retried); 0 while it answers.
            # TYPE tandem_target_waiting_seconds gauge
            tandem_target_waiting_seconds{task="demo"} 0
            # HELP tandem_target_retries_total Target operations retried after a transient error.
            # TYPE tandem_target_retries_total counter
            tandem_target_retries_total{task="demo"} 0
            # HELP tandem_source_last_contact_timestamp_seconds When the change stream last heard from its source: an event, a heartbeat or a new connection (Unix time; 0 before the first).
            # TYPE tandem_source_last_contact_timestamp_seconds gauge
            tandem_source_last_contact_timestamp_seconds{task="demo"} 1700000001.5
            # HELP tandem_stalled 1 while the task is stalled: out of contact with its source for longer than stall_after (links: or no heartbeat applied for stall_after); 0 otherwise.
            # TYPE tandem_stalled gauge
            tandem_stalled{task="demo"} 0
            # HELP tandem_source_connected 1 while the change stream hears from its source (events or heartbeats), 0 while the source is stalled or unreachable; no sample before the stream starts.
            # TYPE tandem_source_connected gauge
            tandem_source_connected{task="demo"} 1
            # HELP tandem_source_state The change stream's contact with its source: 1 for the current state (connected, stalled, unreachable), 0 for the others; no samples before the stream starts.
            # TYPE tandem_source_state gauge
            tandem_source_state{task="demo",state="connected"} 1
            tandem_source_state{task="demo",state="stalled"} 0
            tandem_source_state{task="demo",state="unreachable"} 0
            # HELP tandem_task_phase The task's phase: 1 for the current one, 0 for the others.
            # TYPE tandem_task_phase gauge
            tandem_task_phase{task="demo",phase="starting"} 0
            tandem_task_phase{task="demo",phase="snapshotting"} 0
            tandem_task_phase{task="demo",phase="streaming"} 1
            tandem_task_phase{task="demo",phase="stopped"} 0
            tandem_task_phase{task="demo",phase="failed"} 0

            """.ReplaceLineEndings("\n"),
            PrometheusText.Format(metrics));
    }

    [Fact]
    public void A_task_waiting_for_its_target_reports_how_long_and_counts_the_retries()
    {
        var metrics = new ReplicationMetrics("t");
        metrics.TargetFailing(DateTimeOffset.UtcNow.AddSeconds(-30), "lost the connection");
        metrics.TargetFailing(DateTimeOffset.UtcNow.AddSeconds(-30), "connection refused");

        var waiting = PrometheusText.Format(metrics);
        var seconds = double.Parse(waiting.Split('\n').Single(l => l.StartsWith("tandem_target_waiting_seconds{", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 29, 120);
        Assert.Contains("tandem_target_retries_total{task=\"t\"} 2\n", waiting, StringComparison.Ordinal);

        metrics.TargetAnswers();
        Assert.Contains("tandem_target_waiting_seconds{task=\"t\"} 0\n", PrometheusText.Format(metrics), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fresh_task_reports_zeros_and_the_starting_phase()
    {
        var text = PrometheusText.Format(new ReplicationMetrics("t"));

        Assert.Contains("tandem_lag_seconds{task=\"t\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("tandem_task_phase{task=\"t\",phase=\"starting\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_out_of_contact_shows_as_not_connected_with_its_state_and_a_stall()
    {
        var metrics = new ReplicationMetrics("t") { Phase = TaskPhase.Streaming, SourceStalled = true };
        metrics.SetSourceContact(SourceContactState.Unreachable, null);

        var text = PrometheusText.Format(metrics);

        Assert.Contains("tandem_source_connected{task=\"t\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("tandem_source_state{task=\"t\",state=\"unreachable\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("tandem_source_state{task=\"t\",state=\"connected\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("tandem_stalled{task=\"t\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Before_the_stream_starts_the_source_contact_has_no_samples()
    {
        var text = PrometheusText.Format(new ReplicationMetrics("t") { Phase = TaskPhase.Snapshotting });

        Assert.DoesNotContain("tandem_source_connected{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tandem_source_state{", text, StringComparison.Ordinal);
        Assert.Contains("tandem_stalled{task=\"t\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_values_escape_quotes_backslashes_and_newlines()
    {
        var text = PrometheusText.Format(new ReplicationMetrics("a\"b\\c\nd"));

        Assert.Contains("tandem_queued_bytes{task=\"a\\\"b\\\\c\\nd\"} 0\n", text, StringComparison.Ordinal);
    }
}
