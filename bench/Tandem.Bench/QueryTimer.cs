using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>One query's timings: the mariadb client's time for each run, and the server's CPU per run.</summary>
internal sealed record QueryTiming(IReadOnlyList<double> Seconds, double ServerCpuSeconds)
{
    public double Min => Seconds.Min();

    public double Median
    {
        get
        {
            var sorted = Seconds.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}

/// <summary>
/// Times queries with the mariadb client, interleaved: each round runs every query once, in order, each in its own
/// <c>mariadb -vvv -e</c>, so a change in the machine's load hits all of them alike. A run's time is the client's own
/// ("1 row in set (0.123 sec)", connecting not included); the server's CPU (utime + stime of mariadbd, from /proc) over
/// the run is the other figure, which other load on the machine moves much less.
/// </summary>
internal static partial class QueryTimer
{
    public static async Task<IReadOnlyList<QueryTiming>> TimeAsync(int port, int serverProcessId, IReadOnlyList<string> queries, int rounds, CancellationToken ct)
    {
        var seconds = queries.Select(static _ => new List<double>()).ToArray();
        var cpu = new double[queries.Count];
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < queries.Count; i++)
            {
                var before = ProcessCpu.Seconds(serverProcessId);
                var outcome = await ProcessRunner.RunCheckedAsync(
                    "mariadb", ["--no-defaults", "--host=127.0.0.1", $"--port={port}", "--user=root", "-vvv", "-e", queries[i]], ct);
                cpu[i] += ProcessCpu.Seconds(serverProcessId) - before;
                var match = RunTime().Match(outcome.StandardOutput);
                if (!match.Success)
                    throw new InvalidOperationException($"mariadb -vvv printed no time for:{Environment.NewLine}{queries[i]}{Environment.NewLine}{outcome.StandardOutput}");
                seconds[i].Add((match.Groups[1].Success ? 60 * double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
                    + double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
            }
        }

        return [.. seconds.Select((s, i) => new QueryTiming(s, cpu[i] / rounds))];
    }

    /// <summary>The first column of the first row of a query, through the mariadb client.</summary>
    public static async Task<string> ScalarAsync(int port, string sql, CancellationToken ct) =>
        (await ProcessRunner.RunCheckedAsync(
            "mariadb", ["--no-defaults", "--host=127.0.0.1", $"--port={port}", "--user=root", "--batch", "--skip-column-names", "-e", sql], ct))
        .StandardOutput.Split('\n')[0].Split('\t')[0].Trim();

    // "1 row in set (0.123 sec)", "(1 min 2.345 sec)".
    [GeneratedRegex(@"rows? in set \((?:(\d+) min )?([\d.]+) sec\)")]
    private static partial Regex RunTime();
}
