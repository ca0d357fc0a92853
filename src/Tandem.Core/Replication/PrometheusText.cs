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

    public static string Format(ReplicationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var task = $"task=\"{EscapeLabel(metrics.TaskName)}\"";
        var text = new StringBuilder(2048);
        Metric(text, "tandem_copy_rows_total", "counter", "Rows the full copy has written to the target.", task, metrics.CopyRowsDone);
        Metric(text, "tandem_copy_rows_estimated", "gauge", "The source's row estimate for the tables of the full copy.", task, metrics.CopyRowsTotal);
        Metric(text, "tandem_copy_tables_done", "gauge", "Tables the full copy has finished.", task, metrics.CopyTablesDone);
        Metric(text, "tandem_copy_tables_total", "gauge", "Tables the full copy covers.", task, metrics.CopyTablesTotal);
        Metric(text, "tandem_applied_rows_total", "counter", "Row changes of the change stream committed on the target.", task, metrics.RowsApplied);
        Metric(text, "tandem_applied_transactions_total", "counter", "Source transactions committed on the target.", task, metrics.TransactionsApplied);
        Metric(text, "tandem_lag_seconds", "gauge", "Source commit to target commit of the oldest change not yet applied (of the last applied one when caught up).", task, metrics.Lag.TotalSeconds);
        Metric(text, "tandem_queued_bytes", "gauge", "Bytes of source transactions read but not yet committed on the target.", task, metrics.QueuedBytes);

        // A state set: one sample per phase, 1 for the current one, so "phase changed" and "phase is X" are both plain queries.
        Header(text, "tandem_task_phase", "gauge", "The task's phase: 1 for the current one, 0 for the others.");
        var current = metrics.Phase;
        foreach (var phase in Enum.GetValues<TaskPhase>())
            Sample(text, "tandem_task_phase", $"{task},phase=\"{PhaseName(phase)}\"", phase == current ? 1 : 0);
        return text.ToString();
    }

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

    private static void Metric(StringBuilder text, string name, string type, string help, string labels, double value)
    {
        Header(text, name, type, help);
        Sample(text, name, labels, value);
    }

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
