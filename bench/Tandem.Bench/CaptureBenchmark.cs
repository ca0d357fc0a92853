using Tandem.Sandbox;
using static Tandem.Bench.BenchLog;

namespace Tandem.Bench;

/// <summary>The figures of one <c>capture</c> run.</summary>
internal sealed record CaptureFigures(
    CaptureBacklog Backlog, long Rows, long CRows, Comparison InProcess, Comparison Cli, Measurement CPeak, Measurement CliPeak);

/// <summary>
/// The <c>capture</c> benchmark: sysbench oltp_write_only builds a binlog backlog on a sandbox MariaDB, then
/// <c>mariadb-binlog</c>, Tandem's <see cref="Tandem.MySql.Binlog.Capture.BinlogCapture"/> and <c>tandem tail</c>
/// each read all of it, alternating round by round so drift in the machine hits all of them alike.
/// </summary>
internal static class CaptureBenchmark
{
    public static async Task RunAsync(CaptureBenchOptions options, string command, CancellationToken ct)
    {
        var started = DateTimeOffset.Now;
        Log("building the tandem executable (Release)");
        await TandemTailLoad.BuildAsync(ct);

        var sandbox = SandboxDirectory.Create();
        await using (sandbox)
        {
            var server = await LocalMariaDb.StartAsync(
                sandbox, new LocalMariaDbOptions { Name = "bench", BufferPoolBytes = 1L << 30 }, ct);
            try
            {
                var backlog = await BuildBacklogAsync(server, options, ct);
                var figures = await MeasureAsync(server, backlog, options, Path.Combine(sandbox.Path, "schema-history"), ct);
                var environment = await BenchEnvironment.CaptureAsync(server, ct);
                var cTool = (await ProcessRunner.RunCheckedAsync("mariadb-binlog", ["--version"], ct)).StandardOutput.Trim();
                Console.WriteLine();
                Console.WriteLine(CaptureReport.Table(figures));
                await CaptureReport.WriteAsync(options.Out, CaptureReport.Render(options, command, started, environment, cTool, figures), ct);
                Console.WriteLine($"wrote {options.Out}");
            }
            finally
            {
                await server.StopAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<CaptureBacklog> BuildBacklogAsync(LocalMariaDb server, CaptureBenchOptions options, CancellationToken ct)
    {
        Log($"MariaDB on port {server.Port}; preparing {options.Tables} sbtest tables of {options.TableSize} rows");
        await server.ExecuteSqlAsync("CREATE DATABASE sbtest;", ct);
        await Sysbench.PrepareWriteOnlyAsync(server.Port, options.Tables, options.TableSize, ct);

        var start = await BinlogPoint.CurrentAsync(server.Uri, ct);
        Log($"sysbench oltp_write_only, {options.Threads} threads, {options.Seconds} s, from {start}");
        var transactions = await Sysbench.RunWriteOnlyAsync(server.Port, options.Tables, options.TableSize, options.Threads, options.Seconds, ct);
        var end = await BinlogPoint.CurrentAsync(server.Uri, ct);
        var backlog = await CaptureBacklog.MeasureAsync(server.Uri, start, end, transactions, ct);
        Log($"backlog: {transactions:N0} sysbench transactions, {start} to {end}, {backlog.Bytes / 1e6:N1} MB in {backlog.Files.Count} file(s)");
        return backlog;
    }

    private static async Task<CaptureFigures> MeasureAsync(
        LocalMariaDb server, CaptureBacklog backlog, CaptureBenchOptions options, string historyDirectory, CancellationToken ct)
    {
        // Warm-up passes, not counted: the JIT for Tandem, the page cache for the server's binlog reads. They also
        // count the rows three ways, which must agree.
        Log("warming up and counting rows");
        var first = await TandemCaptureLoad.RunAsync(server.Uri, backlog, ct);
        var cRows = await MariaDbBinlogLoad.CountRowsAsync(server.Port, backlog, ct);
        var cliLines = await TandemTailLoad.CountLinesAsync(server.Uri, backlog, first.Rows, historyDirectory, ct);
        Log($"rows: Tandem {first.Rows:N0} in {first.Transactions:N0} transactions; mariadb-binlog {cRows:N0}; tandem tail printed {cliLines:N0} lines");
        if (cRows != first.Rows || cliLines != first.Rows)
            throw new InvalidOperationException($"the readers disagree on the backlog's rows: Tandem {first.Rows}, mariadb-binlog {cRows}, tandem tail {cliLines}");

        var c = new Measurement("mariadb-binlog -R --base64-output=decode-rows --verbose > /dev/null", "s");
        var cPeak = new Measurement("mariadb-binlog", "MiB");
        var inProcess = new Measurement("Tandem BinlogCapture in-process, every value touched", "s");
        var cli = new Measurement("tandem tail --format json > /dev/null", "s");
        var cliPeak = new Measurement("tandem tail", "MiB");
        for (var round = 1; round <= options.Rounds; round++)
        {
            await RecordAsync(c, cPeak, round, () => MariaDbBinlogLoad.RunAsync(server.Port, backlog, ct));
            await RecordAsync(inProcess, null, round, async () =>
            {
                var pass = await TandemCaptureLoad.RunAsync(server.Uri, backlog, ct);
                if (pass.Rows != first.Rows || pass.Checksum != first.Checksum)
                    throw new InvalidOperationException($"round {round} read {pass.Rows} rows (checksum {pass.Checksum}), the first pass {first.Rows} ({first.Checksum})");
                return (pass.Elapsed, 0);
            });
            await RecordAsync(cli, cliPeak, round, () => TandemTailLoad.RunAsync(server.Uri, backlog, first.Rows, historyDirectory, ct));
        }

        return new CaptureFigures(
            backlog,
            first.Rows,
            cRows,
            new Comparison("Tandem in-process (BinlogCapture)", c, inProcess, HigherIsBetter: false),
            new Comparison("Tandem CLI (tandem tail --format json)", c, cli, HigherIsBetter: false),
            cPeak,
            cliPeak);
    }

    private static async Task RecordAsync(Measurement time, Measurement? peak, int round, Func<Task<(TimeSpan Elapsed, double PeakMiB)>> run)
    {
        // A full collection between runs keeps one run's garbage from being paid for by the next.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var (elapsed, peakMiB) = await run();
        time.Add(elapsed.TotalSeconds);
        peak?.Add(peakMiB);
        Log($"round {round}: {time.Name}: {elapsed.TotalSeconds:N3} s{(peak is null ? string.Empty : $", peak RSS {peakMiB:N1} MiB")}");
    }

}
