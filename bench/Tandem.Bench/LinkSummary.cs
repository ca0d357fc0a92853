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
