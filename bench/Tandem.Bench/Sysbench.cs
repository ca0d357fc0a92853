using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>
/// sysbench's oltp_point_select: one <c>SELECT c FROM sbtest1 WHERE id=?</c> per event, no transaction,
/// through libmysqlclient/libmariadb (server-side prepared statements unless ps-mode is disable).
/// </summary>
internal static partial class Sysbench
{
    public static Task PrepareAsync(int port, int tableSize, CancellationToken ct) =>
        ProcessRunner.RunCheckedAsync("sysbench", Arguments(port, tableSize, ["prepare"]), ct);

    /// <summary>Runs the load and returns its queries per second.</summary>
    public static async Task<double> RunAsync(int port, int tableSize, int threads, int seconds, bool prepared, CancellationToken ct)
    {
        string[] run =
        [
            $"--threads={threads}", $"--time={seconds}", "--rand-type=uniform", "--report-interval=0",
            $"--db-ps-mode={(prepared ? "auto" : "disable")}", "run",
        ];
        var outcome = await ProcessRunner.RunCheckedAsync("sysbench", Arguments(port, tableSize, run), ct);
        return ParseQueriesPerSecond(outcome.StandardOutput);
    }

    /// <summary>The "queries: N (X per sec.)" line of sysbench's summary.</summary>
    public static double ParseQueriesPerSecond(string output)
    {
        var match = QueriesLine().Match(output);
        if (!match.Success)
            throw new InvalidOperationException($"no 'queries: ... per sec.' line in sysbench's output:{Environment.NewLine}{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static List<string> Arguments(int port, int tableSize, IEnumerable<string> tail) =>
    [
        "oltp_point_select", "--db-driver=mysql", "--mysql-host=127.0.0.1", $"--mysql-port={port}",
        "--mysql-user=root", "--mysql-db=sbtest", "--tables=1", $"--table-size={tableSize}", .. tail,
    ];

    [GeneratedRegex(@"queries:\s+\d+\s+\(([\d.]+) per sec\.\)")]
    private static partial Regex QueriesLine();
}
