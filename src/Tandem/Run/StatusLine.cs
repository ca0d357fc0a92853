using System.Globalization;
using Tandem.Core.Replication;

namespace Tandem.Cli.Run;

/// <summary>
/// The plain status line <c>tandem run</c> prints every --status-interval when not on a terminal. Scripts grep it, so
/// its form is fixed and documented in docs/task-file.md: a UTC timestamp, the task name, the phase, then key=value
/// fields without spaces inside values.
/// </summary>
internal static class StatusLine
{
    public static string Format(string task, ProgressSample sample, ProgressRates rates) => Fields(task, sample, rates) + Waiting(sample);

    /// <summary>
    /// While the target does not answer, the line ends with <c> waiting for target 12s: ERROR</c>: the one free-text part
    /// of a line, always last, so the fields before it keep their form.
    /// </summary>
    public static string Waiting(ProgressSample sample) =>
        sample.TargetWaiting is { } wait && sample.Phase is not (TaskPhase.Stopped or TaskPhase.Failed)
            ? $" waiting for target {Duration(sample.Time - wait.Since)}: {wait.Error}"
            : string.Empty;

    private static string Fields(string task, ProgressSample sample, ProgressRates rates)
    {
        var head = $"{sample.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} {task}";
        return sample.Phase switch
        {
            TaskPhase.Starting => $"{head} starting",
            TaskPhase.Snapshotting =>
                $"{head} copying tables={sample.CopyTablesDone}/{sample.CopyTablesTotal} rows={sample.CopyRowsDone}/{sample.CopyRowsTotal} " +
                $"({(ProgressRates.Percent(sample.CopyRowsDone, sample.CopyRowsTotal) is { } percent ? percent.ToString(CultureInfo.InvariantCulture) : "?")}%) " +
                $"rows/s={Rate(rates.CopyRowsPerSecond)} eta={Duration(rates.CopyEta)}",
            TaskPhase.Streaming =>
                $"{head} streaming rows/s={Rate(rates.RowsPerSecond)} txn/s={Rate(rates.TransactionsPerSecond)} lag={Lag(sample.Lag)} " +
                $"queued={Size(sample.QueuedBytes)} applied_rows={sample.RowsApplied} applied_txns={sample.TransactionsApplied} " +
                $"source={PrometheusText.SourceStateName(sample.Source)} stalled={(sample.Stalled ? "yes" : "no")}",
            _ =>
                $"{head} {PrometheusText.PhaseName(sample.Phase)} copied_rows={sample.CopyRowsDone} applied_rows={sample.RowsApplied} " +
                $"applied_txns={sample.TransactionsApplied} lag={Lag(sample.Lag)}",
        };
    }

    public static string Rate(double perSecond) => Math.Round(perSecond).ToString("0", CultureInfo.InvariantCulture);

    public static string Lag(TimeSpan lag) => lag.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s";

    /// <summary>Bytes in binary units with one decimal and no space: 512B, 1.2MiB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + "GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + "MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + "KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + "B",
    };

    /// <summary>A duration in its two largest units: 6s, 2m05s, 1h02m, 3d04h; "-" when unknown.</summary>
    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } d)
            return "-";
        var seconds = (long)Math.Ceiling(d.TotalSeconds);
        return seconds switch
        {
            < 60 => $"{seconds}s",
            < 3600 => $"{seconds / 60}m{seconds % 60:00}s",
            < 86400 => $"{seconds / 3600}h{seconds / 60 % 60:00}m",
            _ => $"{seconds / 86400}d{seconds / 3600 % 24:00}h",
        };
    }
}
