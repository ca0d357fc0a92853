using System.Globalization;
using System.Text;

namespace Tandem.Core.Replication;

/// <summary>
/// A task's <see cref="ReplicationMetrics"/> in the Prometheus text exposition format, version 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): a HELP and a TYPE line per
/// metric, then its samples, each labelled with the task's name; lines end in \n.
/// </summary>
public static class PrometheusText
{
    /// <summary>The Content-Type a scraper expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly (string Name, string Type, string Help, Func<ReplicationMetrics, double> Value)[] Metrics =
    [
        ("tandem_copy_rows_total", "counter", "Rows the full copy has written to the target.", static m => m.CopyRowsDone),
        ("tandem_copy_rows_estimated", "gauge", "The source's row estimate for the tables of the full copy.", static m => m.CopyRowsTotal),
        ("tandem_copy_tables_done", "gauge", "Tables the full copy has finished.", static m => m.CopyTablesDone),
        ("tandem_copy_tables_total", "gauge", "Tables the full copy covers.", static m => m.CopyTablesTotal),
        ("tandem_applied_rows_total", "counter", "Row changes of the change stream committed on the target.", static m => m.RowsApplied),
        ("tandem_applied_transactions_total", "counter", "Source transactions committed on the target.", static m => m.TransactionsApplied),
        ("tandem_lag_seconds", "gauge", "Source commit of the oldest change not yet committed on the target, to now (0 when caught up); while out of contact with the source, at least the time since the stream last knew it had read everything.", static m => m.Lag.TotalSeconds),
        ("tandem_queued_bytes", "gauge", "Bytes of source transactions read but not yet committed on the target.", static m => m.QueuedBytes),
        ("tandem_target_waiting_seconds", "gauge", "How long the task has been waiting for its target (restarting, unreachable, read-only, a lock conflict retried); 0 while it answers.",
            static m => m.TargetWaiting is { } wait ? Math.Max(0, (DateTimeOffset.UtcNow - wait.Since).TotalSeconds) : 0),
        ("tandem_target_retries_total", "counter", "Target operations retried after a transient error.", static m => m.TargetRetries),
        ("tandem_source_last_contact_timestamp_seconds", "gauge", "When the change stream last heard from its source: an event, a heartbeat or a new connection (Unix time; 0 before the first).", static m => m.LastSourceContactAt?.ToUnixTimeMilliseconds() / 1000.0 ?? 0),
        ("tandem_stalled", "gauge", "1 while the task is stalled: out of contact with its source for longer than stall_after (links: or no heartbeat applied for stall_after); 0 otherwise.", static m => m.Stalled ? 1 : 0),
    ];

    private static readonly (string Name, string Type, string Help, Func<ReplicationMetrics, double> Value)[] LinkMetrics =
    [
        ("tandem_loop_dropped_transactions_total", "counter", "Links: transactions the link itself applied on the source, dropped so they never loop.", static m => m.LoopsDropped),
        ("tandem_foreign_ddl_total", "counter", "Links: DDL on the source not replicated because the direction has ddl: false (each logged as a warning).", static m => m.ForeignDdl),
        ("tandem_heartbeat_lag_seconds", "gauge", "Links: written on the source to applied on the target, of the last heartbeat (-1 before the first).", static m => m.HeartbeatLag?.TotalSeconds ?? -1),
        ("tandem_heartbeat_last_applied_timestamp_seconds", "gauge", "Links: when the last heartbeat was applied on the target (Unix time; 0 before the first).", static m => m.LastHeartbeatAt?.ToUnixTimeMilliseconds() / 1000.0 ?? 0),
    ];

    public static string Format(ReplicationMetrics metrics) => Format([metrics]);

    /// <summary>Several tasks' metrics (the directions of a link): each metric's header once, then one sample per task.</summary>
    public static string Format(IReadOnlyList<ReplicationMetrics> tasks, bool link = false)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var text = new StringBuilder(2048 * Math.Max(1, tasks.Count));
        foreach (var (name, type, help, value) in link ? [.. Metrics, .. LinkMetrics] : Metrics)
        {
            Header(text, name, type, help);
            foreach (var metrics in tasks)
                Sample(text, name, TaskLabel(metrics), value(metrics));
        }

        if (link)
        {
            Header(text, "tandem_conflicts_total", "counter", "Links: conflicts met, by what was done with the incoming change (applied or skipped).");
            foreach (var metrics in tasks)
            {
                Sample(text, "tandem_conflicts_total", $"{TaskLabel(metrics)},decision=\"applied\"", metrics.ConflictsApplied);
                Sample(text, "tandem_conflicts_total", $"{TaskLabel(metrics)},decision=\"skipped\"", metrics.ConflictsSkipped);
            }
        }

        // No sample before the stream starts: neither 1 nor 0 would be true then.
        Header(text, "tandem_source_connected", "gauge", "1 while the change stream hears from its source (events or heartbeats), 0 while the source is stalled or unreachable; no sample before the stream starts.");
        foreach (var metrics in tasks)
        {
            if (metrics.SourceState != SourceContactState.Unknown)
                Sample(text, "tandem_source_connected", TaskLabel(metrics), metrics.SourceState == SourceContactState.Connected ? 1 : 0);
        }

        Header(text, "tandem_source_state", "gauge", "The change stream's contact with its source: 1 for the current state (connected, stalled, unreachable), 0 for the others; no samples before the stream starts.");
        foreach (var metrics in tasks)
        {
            var current = metrics.SourceState;
            if (current == SourceContactState.Unknown)
                continue;
            foreach (var state in (ReadOnlySpan<SourceContactState>)[SourceContactState.Connected, SourceContactState.Stalled, SourceContactState.Unreachable])
                Sample(text, "tandem_source_state", $"{TaskLabel(metrics)},state=\"{SourceStateName(state)}\"", state == current ? 1 : 0);
        }

        // A state set: one sample per phase, 1 for the current one, so "phase changed" and "phase is X" are both plain queries.
        Header(text, "tandem_task_phase", "gauge", "The task's phase: 1 for the current one, 0 for the others.");
        foreach (var metrics in tasks)
        {
            var current = metrics.Phase;
            foreach (var phase in Enum.GetValues<TaskPhase>())
                Sample(text, "tandem_task_phase", $"{TaskLabel(metrics)},phase=\"{PhaseName(phase)}\"", phase == current ? 1 : 0);
        }

        return text.ToString();
    }

    private static string TaskLabel(ReplicationMetrics metrics) => $"task=\"{EscapeLabel(metrics.TaskName)}\"";

    /// <summary>The phase as the phase label and the status lines spell it.</summary>
    public static string PhaseName(TaskPhase phase) => phase switch
    {
        TaskPhase.Starting => "starting",
        TaskPhase.Snapshotting => "snapshotting",
        TaskPhase.Streaming => "streaming",
        TaskPhase.Stopped => "stopped",
        TaskPhase.Failed => "failed",
        _ => phase.ToString().ToLowerInvariant(),
    };

    /// <summary>The source contact state as the state label and the status lines spell it.</summary>
    public static string SourceStateName(SourceContactState state) => state switch
    {
        SourceContactState.Connected => "connected",
        SourceContactState.Stalled => "stalled",
        SourceContactState.Unreachable => "unreachable",
        _ => "unknown",
    };

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append('{').Append(labels).Append("} ").Append(FormatValue(value)).Append('\n');

    /// <summary>Go's float formatting as Prometheus reads it: integers without a point, others shortest round-trip.</summary>
    private static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Label values escape backslash, double quote and line feed (the format's only three escapes).</summary>
    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
