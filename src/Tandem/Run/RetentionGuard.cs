namespace Tandem.Cli.Run;

/// <summary>
/// Warns before the source purges binlogs a lagging task still needs: once the lag passes half the source's
/// retention, and again each time it grows by another tenth of it.
/// </summary>
internal sealed class RetentionGuard
{
    private readonly TimeSpan _retention;
    private double _warnedFraction;

    public RetentionGuard(TimeSpan retention) => _retention = retention;

    /// <summary>A warning to log for this lag, or null.</summary>
    public string? Assess(TimeSpan lag)
    {
        if (_retention <= TimeSpan.Zero)
            return null;
        var fraction = lag / _retention;
        if (fraction < 0.5)
        {
            _warnedFraction = 0;
            return null;
        }

        if (fraction < _warnedFraction + 0.1)
            return null;
        _warnedFraction = fraction;
        return $"the task is {Describe(lag)} behind and the source purges binlogs after {Describe(_retention)} ({fraction:P0} of it): "
            + "if it falls further behind, the binlog it needs will be gone and the task must copy again. "
            + "Raise binlog_expire_logs_seconds on the source, or give the task more writer_threads";
    }

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0.#} s";
}
