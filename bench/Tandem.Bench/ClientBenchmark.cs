using Tandem.MySql.Protocol;
using Tandem.Sandbox;
using static Tandem.Bench.BenchLog;

namespace Tandem.Bench;

/// <summary>
/// The <c>client</c> benchmark: Tandem's MySQL client against the C client on one sandbox MariaDB, in one run.
/// Each round runs the C tool then Tandem back to back, so drift in the machine hits both alike.
/// </summary>
internal static class ClientBenchmark
{
    public const double Goal = 0.9;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(ClientBenchOptions options, string command, CancellationToken ct)
    {
        var started = DateTimeOffset.Now;
        var sandbox = SandboxDirectory.Create();
        await using (sandbox)
        {
            var server = await LocalMariaDb.StartAsync(
                sandbox, new LocalMariaDbOptions { Name = "bench", BufferPoolBytes = 1L << 30 }, ct);
            try
            {
                var comparisons = await MeasureAsync(server, options, ct);
                var environment = await BenchEnvironment.CaptureAsync(server, ct);
                var report = ClientReport.Render(options, command, started, environment, comparisons);
                Console.WriteLine();
                Console.WriteLine(ClientReport.Table(comparisons));
                await ClientReport.WriteAsync(options.Out, report, ct);
                Console.WriteLine($"wrote {options.Out}");
            }
            finally
            {
                await server.StopAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<IReadOnlyList<Comparison>> MeasureAsync(LocalMariaDb server, ClientBenchOptions options, CancellationToken ct)
    {
        Log($"MariaDB on port {server.Port}; preparing sbtest1 ({options.TableSize} rows) and bench.big ({options.Rows} rows)");
        await server.ExecuteSqlAsync("CREATE DATABASE sbtest;", ct);
        await Sysbench.PrepareAsync(server.Port, options.TableSize, ct);
        await server.ExecuteSqlAsync(StreamingLoad.CreateTableSql(options.Rows), ct);

        var sbUri = server.Uri + "/sbtest";
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var psC = new Measurement("sysbench oltp_point_select (prepared)", "queries/s");
        var psTandem = new Measurement("Tandem PrepareAsync + ExecuteQueryAsync", "queries/s");
        var textC = new Measurement("sysbench oltp_point_select --db-ps-mode=disable", "queries/s");
        var textTandem = new Measurement("Tandem QueryAsync (COM_QUERY)", "queries/s");
        var psBlocking = new Measurement("Tandem prepared, io=blocking, a thread per connection", "queries/s");
        var textBlocking = new Measurement("Tandem text, io=blocking, a thread per connection", "queries/s");

        // Warm-up: the JIT (tiered PGO) for Tandem, the server's caches and threads for both; not counted.
        Log("warming up");
        await Sysbench.RunAsync(server.Port, options.TableSize, options.Threads, (int)WarmUp.TotalSeconds, prepared: true, ct);
        await PointSelectLoad.RunAsync(sbUri, options.Threads, options.TableSize, WarmUp, prepared: true, ct);
        await PointSelectLoad.RunAsync(sbUri, options.Threads, options.TableSize, WarmUp, prepared: false, ct);
        await PointSelectLoad.RunAsync(sbUri, options.Threads, options.TableSize, WarmUp, prepared: true, ct, blocking: true);

        for (var round = 1; round <= options.Rounds; round++)
        {
            await RecordAsync(psC, round, () => Sysbench.RunAsync(server.Port, options.TableSize, options.Threads, options.Seconds, prepared: true, ct));
            await RecordAsync(psTandem, round, () => PointSelectLoad.RunAsync(sbUri, options.Threads, options.TableSize, duration, prepared: true, ct));
            await RecordAsync(textC, round, () => Sysbench.RunAsync(server.Port, options.TableSize, options.Threads, options.Seconds, prepared: false, ct));
            await RecordAsync(textTandem, round, () => PointSelectLoad.RunAsync(sbUri, options.Threads, options.TableSize, duration, prepared: false, ct));

            // The C client's threading model: each connection blocks its own thread in recv.
            await RecordAsync(psBlocking, round, () => PointSelectLoad.RunAsync(sbUri, options.Threads, options.TableSize, duration, prepared: true, ct, blocking: true));
            await RecordAsync(textBlocking, round, () => PointSelectLoad.RunAsync(sbUri, options.Threads, options.TableSize, duration, prepared: false, ct, blocking: true));
        }

        var streamC = new Measurement("mariadb --quick -N -B > /dev/null", "s");
        var streamDecode = new Measurement("Tandem QueryAsync, GetValue on every column", "s");
        var streamRaw = new Measurement("Tandem QueryAsync, GetRawBytes on every column", "s");
        Log("warming up streaming");
        await StreamingLoad.RunTandemAsync(server.Uri, options.Rows, StreamingMode.DecodeValues, ct);
        await StreamingLoad.RunMariaDbQuickAsync(server.Port, ct);
        for (var round = 1; round <= options.Rounds; round++)
        {
            await RecordAsync(streamC, round, async () => (await StreamingLoad.RunMariaDbQuickAsync(server.Port, ct)).TotalSeconds);
            await RecordAsync(streamDecode, round, async () => (await StreamingLoad.RunTandemAsync(server.Uri, options.Rows, StreamingMode.DecodeValues, ct)).TotalSeconds);
            await RecordAsync(streamRaw, round, async () => (await StreamingLoad.RunTandemAsync(server.Uri, options.Rows, StreamingMode.RawBytes, ct)).TotalSeconds);
        }

        return
        [
            new Comparison("point select, prepared (binary protocol)", psC, psTandem, HigherIsBetter: true),
            new Comparison("point select, text protocol", textC, textTandem, HigherIsBetter: true),
            new Comparison("point select, prepared, io=blocking (thread per connection, as the C client)", psC, psBlocking, HigherIsBetter: true),
            new Comparison("point select, text, io=blocking (thread per connection, as the C client)", textC, textBlocking, HigherIsBetter: true),
            new Comparison($"stream {options.Rows:N0} rows, decode every value", streamC, streamDecode, HigherIsBetter: false),
            new Comparison($"stream {options.Rows:N0} rows, raw bytes", streamC, streamRaw, HigherIsBetter: false),
        ];
    }

    private static async Task RecordAsync(Measurement measurement, int round, Func<Task<double>> run)
    {
        // A full collection between runs keeps one run's garbage from being paid for by the next.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var value = await run();
        measurement.Add(value);
        Log($"round {round}: {measurement.Name}: {value:N3} {measurement.Unit}");
    }

}
