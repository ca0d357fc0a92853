namespace Tandem.Cli.Run;

/// <summary>
/// What changed between two <see cref="ProgressSample"/>s, per second, and the copy's estimated time to finish.
/// Rates are the counters' deltas over the time between the samples, so a stalled task shows 0, not its average.
/// </summary>
internal readonly record struct ProgressRates(double CopyRowsPerSecond, double RowsPerSecond, double TransactionsPerSecond, TimeSpan? CopyEta)
{
    public static ProgressRates Between(ProgressSample earlier, ProgressSample later)
    {
        var seconds = (later.Time - earlier.Time).TotalSeconds;
        if (seconds <= 0)
            return new ProgressRates(0, 0, 0, null);
        var copyRate = PerSecond(earlier.CopyRowsDone, later.CopyRowsDone, seconds);
        return new ProgressRates(
            copyRate,
            PerSecond(earlier.RowsApplied, later.RowsApplied, seconds),
            PerSecond(earlier.TransactionsApplied, later.TransactionsApplied, seconds),
            Eta(later.CopyRowsDone, later.CopyRowsTotal, copyRate));
    }

    /// <summary>
    /// Rows left over the current rate. Unknown (null) without an estimate or without progress. The total is the
    /// source's estimate, which a copy can overtake: then the ETA is 0 until the last table is done.
    /// </summary>
    public static TimeSpan? Eta(long done, long total, double rowsPerSecond)
    {
        if (total <= 0 || rowsPerSecond <= 0)
            return null;
        var seconds = Math.Max(0, total - done) / rowsPerSecond;
        return seconds >= TimeSpan.MaxValue.TotalSeconds / 2 ? null : TimeSpan.FromSeconds(Math.Ceiling(seconds));
    }

    /// <summary>The copied share in whole percent (rounded down, at most 100), or null without an estimate.</summary>
    public static int? Percent(long done, long total) => total <= 0 ? null : (int)Math.Min(100, done * 100.0 / total);

    // Counters only grow; a smaller later value (a restarted counter) reads as no progress rather than a negative rate.
    private static double PerSecond(long before, long after, double seconds) => Math.Max(0, after - before) / seconds;
}
