using System.Globalization;
using System.Text;
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
/// Times a query with the mariadb client: <c>mariadb -vvv</c> runs it <c>runs</c> times in one session and prints each
/// run's time ("1 row in set (0.123 sec)"); the server's CPU over the session (utime + stime of mariadbd, from /proc)
/// divided by the runs is the other figure, which other load on the machine moves much less.
/// </summary>
internal static partial class QueryTimer
{
    public static async Task<QueryTiming> TimeAsync(int port, int serverProcessId, string sql, int runs, string scratchDirectory, CancellationToken ct)
    {
        Directory.CreateDirectory(scratchDirectory);
        var file = Path.Combine(scratchDirectory, "query.sql");
        var text = new StringBuilder();
        for (var i = 0; i < runs; i++)
            text.Append(sql).Append(";\n");
        await File.WriteAllTextAsync(file, text.ToString(), ct);

        var cpuBefore = ProcessCpu.Seconds(serverProcessId);
        var outcome = await ProcessRunner.RunCheckedAsync(
            "bash", ["-c", $"exec mariadb --no-defaults --host=127.0.0.1 --port={port} --user=root -vvv < '{file}'"], ct);
        var cpu = (ProcessCpu.Seconds(serverProcessId) - cpuBefore) / runs;

        var seconds = RunTime().Matches(outcome.StandardOutput)
            .Select(static m => (m.Groups[1].Success ? 60 * double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
                + double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))
            .ToList();
        if (seconds.Count != runs)
            throw new InvalidOperationException($"mariadb -vvv printed {seconds.Count} times for {runs} runs of:{Environment.NewLine}{sql}{Environment.NewLine}{outcome.StandardOutput}");
        return new QueryTiming(seconds, cpu);
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
