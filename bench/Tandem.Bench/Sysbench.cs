using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>
/// sysbench's OLTP loads through libmysqlclient/libmariadb: oltp_point_select (one <c>SELECT c FROM sbtest1 WHERE id=?</c>
/// per event, no transaction; server-side prepared statements unless ps-mode is disable) and oltp_write_only (per
/// transaction: an indexed UPDATE, a non-indexed UPDATE, a DELETE and an INSERT by id, so four row changes).
/// </summary>
internal static partial class Sysbench
{
    public static Task PrepareAsync(int port, int tableSize, CancellationToken ct) =>
        ProcessRunner.RunCheckedAsync("sysbench", Arguments("oltp_point_select", port, 1, tableSize, ["prepare"]), ct);

    /// <summary>Runs the load and returns its queries per second.</summary>
    public static async Task<double> RunAsync(int port, int tableSize, int threads, int seconds, bool prepared, CancellationToken ct)
    {
        string[] run =
        [
            $"--threads={threads}", $"--time={seconds}", "--rand-type=uniform", "--report-interval=0",
            $"--db-ps-mode={(prepared ? "auto" : "disable")}", "run",
        ];
        var outcome = await ProcessRunner.RunCheckedAsync("sysbench", Arguments("oltp_point_select", port, 1, tableSize, run), ct);
        return ParseQueriesPerSecond(outcome.StandardOutput);
    }

    public static Task PrepareWriteOnlyAsync(int port, int tables, int tableSize, CancellationToken ct) =>
        PrepareWriteOnlyAsync(port, "sbtest", tables, tableSize, ct);

    /// <summary>oltp_write_only's tables in <paramref name="database"/>, which must exist.</summary>
    public static Task PrepareWriteOnlyAsync(int port, string database, int tables, int tableSize, CancellationToken ct) =>
        ProcessRunner.RunCheckedAsync("sysbench", Arguments("oltp_write_only", port, tables, tableSize, ["prepare"], database), ct);

    /// <summary>
    /// oltp_read_only's tables in <paramref name="database"/> (the same sbtest tables as every OLTP test: id INT primary
    /// key, k INT with a secondary index, c CHAR(120), pad CHAR(60), all NOT NULL), <paramref name="threads"/> tables at once.
    /// </summary>
    public static Task PrepareReadOnlyAsync(int port, string database, int tables, int tableSize, int threads, CancellationToken ct) =>
        ProcessRunner.RunCheckedAsync("sysbench", Arguments("oltp_read_only", port, tables, tableSize, [$"--threads={threads}", "prepare"], database), ct);

    /// <summary>Runs oltp_write_only at full speed and returns the transactions it committed.</summary>
    public static async Task<long> RunWriteOnlyAsync(int port, int tables, int tableSize, int threads, int seconds, CancellationToken ct) =>
        (await RunWriteOnlyAtRateAsync(port, tables, tableSize, threads, seconds, rate: null, ct)).Transactions;

    /// <summary>
    /// Runs oltp_write_only, at full speed or (<paramref name="rate"/>) at that many transactions a second on average,
    /// and returns the transactions it committed and its transactions per second.
    /// </summary>
    public static Task<(long Transactions, double PerSecond)> RunWriteOnlyAtRateAsync(
        int port, int tables, int tableSize, int threads, int seconds, int? rate, CancellationToken ct) =>
        RunWriteOnlyAtRateAsync(port, "sbtest", tables, tableSize, threads, seconds, rate, ct);

    /// <summary>The same against the tables in <paramref name="database"/>.</summary>
    public static async Task<(long Transactions, double PerSecond)> RunWriteOnlyAtRateAsync(
        int port, string database, int tables, int tableSize, int threads, int seconds, int? rate, CancellationToken ct)
    {
        List<string> run = [$"--threads={threads}", $"--time={seconds}", "--rand-type=uniform", "--report-interval=0"];
        if (rate is { } r)
            run.Add($"--rate={r}");
        run.Add("run");
        var outcome = await ProcessRunner.RunCheckedAsync("sysbench", Arguments("oltp_write_only", port, tables, tableSize, run, database), ct);
        var match = TransactionsLine().Match(outcome.StandardOutput);
        if (!match.Success)
            throw new InvalidOperationException($"no 'transactions: N (X per sec.)' line in sysbench's output:{Environment.NewLine}{outcome.StandardOutput}");
        return (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The "queries: N (X per sec.)" line of sysbench's summary.</summary>
    public static double ParseQueriesPerSecond(string output)
    {
        var match = QueriesLine().Match(output);
        if (!match.Success)
            throw new InvalidOperationException($"no 'queries: ... per sec.' line in sysbench's output:{Environment.NewLine}{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static List<string> Arguments(string test, int port, int tables, int tableSize, IEnumerable<string> tail, string database = "sbtest") =>
    [
        test, "--db-driver=mysql", "--mysql-host=127.0.0.1", $"--mysql-port={port}",
        "--mysql-user=root", $"--mysql-db={database}", $"--tables={tables}", $"--table-size={tableSize}", .. tail,
    ];

    [GeneratedRegex(@"queries:\s+\d+\s+\(([\d.]+) per sec\.\)")]
    private static partial Regex QueriesLine();

    [GeneratedRegex(@"transactions:\s+(\d+)\s+\(([\d.]+) per sec\.\)")]
    private static partial Regex TransactionsLine();
}
