using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>
/// The line a link prints on stdout for each direction when its run ends, e.g.
/// <c>ab.a-b: heartbeat lag over 70 beats: p50 0.415s p99 2.615s max 2.615s; conflicts 0 applied, 0 skipped; 1720 own
/// transactions dropped, 0 DDL not replicated</c>. The lags are over every heartbeat the direction applied in that
/// process's run (nearest rank; with fewer than 100 beats p99 is the largest); no beat at all leaves them NaN.
/// </summary>
internal sealed partial record LinkSummary(
    string Task, int Beats, double P50Seconds, double P99Seconds, double MaxSeconds,
    long ConflictsApplied, long ConflictsSkipped, long OwnDropped, long DdlNotReplicated, string Line)
{
    /// <summary>Every summary line among <paramref name="lines"/> (status lines and anything else are skipped).</summary>
    public static IReadOnlyList<LinkSummary> Parse(IEnumerable<string> lines)
    {
        var summaries = new List<LinkSummary>();
        foreach (var line in lines)
        {
            var match = SummaryLine().Match(line);
            if (!match.Success)
                continue;
            var lag = match.Groups["beats"].Success;
            summaries.Add(new LinkSummary(
                match.Groups["task"].Value,
                lag ? int.Parse(match.Groups["beats"].Value, CultureInfo.InvariantCulture) : 0,
                lag ? Number(match, "p50") : double.NaN,
                lag ? Number(match, "p99") : double.NaN,
                lag ? Number(match, "max") : double.NaN,
                Count(match, "applied"), Count(match, "skipped"), Count(match, "dropped"), Count(match, "ddl"),
                line.Trim()));
        }

        return summaries;
    }

    private static double Number(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static long Count(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<task>\S+): (?:heartbeat lag over (?<beats>\d+) beats: p50 (?<p50>[\d.]+)s p99 (?<p99>[\d.]+)s max (?<max>[\d.]+)s|no heartbeat arrived); conflicts (?<applied>\d+) applied, (?<skipped>\d+) skipped; (?<dropped>\d+) own transactions dropped, (?<ddl>\d+) DDL not replicated\s*$")]
    private static partial Regex SummaryLine();
}

/// <summary>
/// The link status line a link prints for each direction every --status-interval, e.g.
/// <c>2026-11-21T15:00:00Z ab.a-b link heartbeat_lag=0.04s stalled=no ...</c>: the lag of the latest heartbeat applied,
/// to the hundredth of a second. At one line a second and one heartbeat a second, the lines of a stretch of time show
/// that stretch's heartbeat lags, which the summary line (over the whole process) cannot.
/// </summary>
internal static partial class LinkStatus
{
    /// <summary>Each direction's heartbeat_lag values among <paramref name="lines"/>, in order (lines before a first heartbeat are skipped).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<double>> HeartbeatLags(IEnumerable<string> lines)
    {
        var lags = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var match = StatusLine().Match(line);
            if (!match.Success)
                continue;
            if (!lags.TryGetValue(match.Groups["task"].Value, out var list))
                lags[match.Groups["task"].Value] = list = [];
            list.Add(double.Parse(match.Groups["lag"].Value, CultureInfo.InvariantCulture));
        }

        return lags.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>Nearest-rank percentile (as the summary line computes its own); NaN for no values.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    [GeneratedRegex(@"^\S+ (?<task>\S+) link heartbeat_lag=(?<lag>[\d.]+)s ")]
    private static partial Regex StatusLine();
}
