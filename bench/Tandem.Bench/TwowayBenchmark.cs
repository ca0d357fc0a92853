using System.Diagnostics;
using System.Globalization;
using Tandem.MySql.Protocol;
using Tandem.Sandbox;
using static Tandem.Bench.BenchLog;

namespace Tandem.Bench;

/// <summary>
/// The lag phase of one contender: both sides' sysbench at --rate, the probe's lag each way, and how long after the
/// loads ended both directions had caught up; for Tandem, also each direction's heartbeat_lag on the status lines printed while the loads ran.
/// </summary>
internal sealed record SymmetricLag(
    int Rate, long TransactionsA, long TransactionsB, double PerSecondA, double PerSecondB, LagFigures AtoB, LagFigures BtoA, TimeSpan DrainAfter,
    IReadOnlyDictionary<string, IReadOnlyList<double>>? StatusLags, PhaseCpu Cpu);

/// <summary>
/// The CPU seconds each server's mariadbd and the tandem process (null for native replication) used from a phase's
/// load start until both directions had caught up, and how busy the machine's cores were meanwhile (0 to 1; every
/// process counts, other users' included).
/// </summary>
internal sealed record PhaseCpu(double ServerA, double ServerB, double? Tandem, double MachineBusy)
{
    public double Replication => ServerA + ServerB + (Tandem ?? 0);
}

/// <summary>
/// The throughput phase of one contender: both sides' unthrottled sysbench, and the time from the loads' start until
/// both directions had applied everything the loads wrote; for Tandem, its heartbeat_lag on the status lines meanwhile.
/// </summary>
internal sealed record SymmetricThroughput(
    long TransactionsA, long TransactionsB, double PerSecondA, double PerSecondB, TimeSpan Load, TimeSpan CaughtUp,
    IReadOnlyDictionary<string, IReadOnlyList<double>>? StatusLags, PhaseCpu Cpu)
{
    public long Transactions => TransactionsA + TransactionsB;

    /// <summary>Transactions replicated a second, both ways together: all the loads wrote over the time until both replicas had it.</summary>
    public double ReplicatedPerSecond => Transactions / CaughtUp.TotalSeconds;

    public TimeSpan Drain => CaughtUp - Load;
}

/// <summary>One tandem process of the run: what it was for, its peak RSS and its summary lines.</summary>
internal sealed record TandemProcessFigures(string Purpose, double PeakMiB, IReadOnlyList<LinkSummary> Summaries);

/// <summary>Tandem's link or one native master-master setup, with the phases it ran.</summary>
internal sealed record TwowayContender(string Name, bool IsTandem, SymmetricLag? Lag, SymmetricThroughput? Throughput, IReadOnlyList<TandemProcessFigures> Processes)
{
    /// <summary>The tandem process that ran a phase ("lag", "throughput"), or null.</summary>
    public TandemProcessFigures? Process(string phase) => Processes.FirstOrDefault(p => p.Purpose == phase);

    /// <summary>Tandem's heartbeat_lag values per direction on the status lines printed while a phase's loads ran.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? StatusLags(string phase) => phase switch
    {
        "lag" => Lag?.StatusLags,
        "throughput" => Throughput?.StatusLags,
        _ => null,
    };
}

/// <summary>Every contender's figures, Tandem's copy, and the machine's load average when each contender began.</summary>
internal sealed record TwowayFigures(TimeSpan? TandemCopy, TimeSpan? TandemStreaming, IReadOnlyList<TwowayContender> Contenders, IReadOnlyList<(string Phase, string Load)> Load);

/// <summary>
/// The <c>twoway</c> benchmark: two sandbox MariaDB servers, a and b, written at the same time (sysbench on a into
/// app_a, on b into app_b), replicated both ways by a Tandem link and by MariaDB's native master-master replication,
/// same machine, same run: replicated transactions a second under unthrottled load, and the lag each way under a
/// fixed rate, measured by the same probe for every contender. Every phase ends with both servers' tables equal.
/// </summary>
internal static class TwowayBenchmark
{
    public const string LinkName = "twoway";
    public const string ProbeAtoB = LagProbe.Database + ".heartbeat_ab";
    public const string ProbeBtoA = LagProbe.Database + ".heartbeat_ba";

    /// <summary>A table outside the link's tables, written to put a transaction after a server's binlog end.</summary>
    public const string Marker = "bench_marker.marker";

    public static readonly IReadOnlyList<string> Databases = ["app_a", "app_b"];

    /// <summary>The link's tables: the loads' databases and the probes' tables.</summary>
    public static readonly IReadOnlyList<string> LinkTables = ["app_*.*", LagProbe.Database + ".*"];

    private static readonly TimeSpan LongWait = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan ProbeDrain = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(TwowayBenchOptions options, string command, CancellationToken ct)
    {
        if (!options.SkipTandem && TandemRun.Override is not null)
        {
            Console.Error.WriteLine("twoway runs link files, which TANDEM_BENCH_COMMAND's stand-in (bench/fake-tandem) does not speak; unset it or pass --skip-tandem");
            return 2;
        }

        var started = DateTimeOffset.Now;
        if (!options.SkipTandem)
        {
            Log("building the tandem executable (Release)");
            await TandemTailLoad.BuildAsync(ct);
        }

        var sandbox = SandboxDirectory.Create();
        await using (sandbox)
        {
            var (a, b) = await BenchServers.StartBinlogPairAsync(sandbox, ct);
            try
            {
                var run = new Run(options, sandbox, a, b);
                await run.PrepareAsync(ct);
                var load = new List<(string, string)>();
                var contenders = new List<TwowayContender>();
                TimeSpan? copy = null, streaming = null;
                if (options.SkipTandem)
                {
                    await run.CopyWithMydumperAsync(ct);
                }
                else
                {
                    load.Add(("tandem", LoadAverage()));
                    var (tandem, copied, streamed) = await run.TandemAsync(ct);
                    contenders.Add(tandem);
                    (copy, streaming) = (copied, streamed);
                }

                foreach (var threads in options.NativeThreads)
                {
                    load.Add(($"native {threads}", LoadAverage()));
                    contenders.Add(await run.NativeAsync(threads, ct));
                }

                load.Add(("end", LoadAverage()));
                var figures = new TwowayFigures(copy, streaming, contenders, load);
                var environment = await BenchEnvironment.CaptureAsync(a, ct);
                Console.WriteLine();
                Console.WriteLine(TwowayReport.Table(options, figures));
                await TwowayReport.WriteAsync(options.Out, TwowayReport.Render(options, command, started, environment, run.Link, figures), ct);
                Console.WriteLine($"wrote {options.Out}");
                return 0;
            }
            finally
            {
                await b.StopAsync(CancellationToken.None);
                await a.StopAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>One run's servers and the steps of each contender.</summary>
    private sealed class Run(TwowayBenchOptions options, SandboxDirectory sandbox, LocalMariaDb a, LocalMariaDb b)
    {
        private readonly string _logDirectory = Path.Combine("bench", "out", "twoway");

        /// <summary>a→b copies a's tables into b and follows a; b→a follows b from where b stood after the copy.</summary>
        public TandemLink Link { get; } = new(
            LinkName, 1, [("a", a.Uri), ("b", b.Uri)], LinkTables,
            [new TandemLinkDirection("a", "b", "full+incremental", Ddl: true), new TandemLinkDirection("b", "a", "incremental")],
            options.Threads, options.BatchWait);

        private string AtoB => Link.TaskName(Link.Directions[0]);

        private string BtoA => Link.TaskName(Link.Directions[1]);

        private IReadOnlyList<string> Tables =>
            [.. Databases.SelectMany(d => Enumerable.Range(1, options.Tables).Select(i => $"{d}.sbtest{i}")), ProbeAtoB, ProbeBtoA];

        public async Task PrepareAsync(CancellationToken ct)
        {
            Log($"server a on port {a.Port}, server b on port {b.Port}; preparing {options.Tables} sbtest tables of {options.TableSize:N0} rows in each of {string.Join(" and ", Databases)} on a");
            foreach (var server in new[] { a, b })
            {
                var binlog = (await server.ExecuteSqlAsync("SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@log_slave_updates;", ct)).Trim();
                if (binlog != "1\tROW\tFULL\t0")
                    throw new InvalidOperationException($"{server.Uri}: log_bin, binlog_format, binlog_row_image, log_slave_updates are '{binlog}', not 1, ROW, FULL, 0");

                // On both servers before anything replicates, so neither Tandem nor a native replica sees it created.
                await server.ExecuteSqlAsync($"CREATE DATABASE bench_marker; CREATE TABLE {Marker} (id INT NOT NULL PRIMARY KEY, at DATETIME(6) NOT NULL);", ct);
            }

            foreach (var database in Databases)
            {
                await a.ExecuteSqlAsync($"CREATE DATABASE {database};", ct);
                await Sysbench.PrepareWriteOnlyAsync(a.Port, database, options.Tables, options.TableSize, ct);
            }

            await LagProbe.CreateAsync(a.Uri, ProbeAtoB, ct);
            await LagProbe.CreateAsync(a.Uri, ProbeBtoA, ct);
        }

        /// <summary>Without Tandem, b gets a's tables from mydumper + myloader (myloader's sessions write no binlog).</summary>
        public async Task CopyWithMydumperAsync(CancellationToken ct)
        {
            var directory = Path.Combine(sandbox.Path, "dump");
            await CopyTools.MydumperAsync(a.Port, [.. Databases, LagProbe.Database], options.Threads, directory, ct);
            await CopyTools.MyloaderAsync(b.Port, options.Threads, directory, ct);
            await VerifyAsync("the copy to b (mydumper + myloader)", ct);
        }

        /// <summary>
        /// The link, in three tandem processes, so that each phase's summary lines cover that phase: the copy (until
        /// both directions have caught up), the lag phase, the throughput phase. Each later process resumes at the
        /// checkpoints; both servers flush their dirty pages before it starts.
        /// </summary>
        public async Task<(TwowayContender Figures, TimeSpan Copy, TimeSpan Streaming)> TandemAsync(CancellationToken ct)
        {
            var name = $"tandem link, writer_threads: {options.Threads}{(options.BatchWait is { } wait ? $", batch_wait: {wait}" : "")}";
            Log($"== {name}");
            var processes = new List<TandemProcessFigures>();
            await using var aConnection = await MySqlConnection.OpenAsync(a.Uri, ct);
            await using var bConnection = await MySqlConnection.OpenAsync(b.Uri, ct);

            TimeSpan copy, streaming;
            await using (var process = TandemRun.Start(Link, sandbox.Path, _logDirectory, "copy"))
            {
                await process.WaitForCheckpointAsync(bConnection, AtoB, end: null, LongWait, ct);
                copy = process.Elapsed;
                Log($"{AtoB} copied a's tables and streams after {copy.TotalSeconds:N1} s");
                await CaughtUpAsync(process, aConnection, bConnection, ct);
                streaming = process.Elapsed;
                Log($"both directions caught up after {streaming.TotalSeconds:N1} s");
                processes.Add(await StopAsync(process, "copy", ct));
            }

            await VerifyAsync($"{name}, after its copy", ct);

            SymmetricLag? lag = null;
            if (options.Runs("lag"))
            {
                await SettleAsync(ct);
                await using var process = TandemRun.Start(Link, sandbox.Path, _logDirectory, "lag");
                await CaughtUpAsync(process, aConnection, bConnection, ct);
                Log($"tandem resumed and caught up in {process.Elapsed.TotalSeconds:N1} s");
                await WarmUpAsync(name, () => CaughtUpAsync(process, aConnection, bConnection, ct), ct);
                lag = await SymmetricLagAsync(name, "tandem", process, () => CaughtUpAsync(process, aConnection, bConnection, ct), ct);
                processes.Add(await StopAsync(process, "lag", ct));
                await VerifyAsync($"{name}, lag phase", ct);
            }

            SymmetricThroughput? throughput = null;
            if (options.Runs("throughput"))
            {
                await SettleAsync(ct);
                await using var process = TandemRun.Start(Link, sandbox.Path, _logDirectory, "throughput");
                await CaughtUpAsync(process, aConnection, bConnection, ct);
                Log($"tandem resumed and caught up in {process.Elapsed.TotalSeconds:N1} s");
                await WarmUpAsync(name, () => CaughtUpAsync(process, aConnection, bConnection, ct), ct);
                throughput = await SymmetricThroughputAsync(name, process, () => CaughtUpAsync(process, aConnection, bConnection, ct), ct);
                processes.Add(await StopAsync(process, "throughput", ct));
                await VerifyAsync($"{name}, throughput phase", ct);
            }

            return (new TwowayContender(name, IsTandem: true, lag, throughput, processes), copy, streaming);
        }

        /// <summary>
        /// Native master-master: each server a replica of the other from where its binlog stands (both quiet, both
        /// equal), with <paramref name="threads"/> parallel applier threads; both phases; then replication is removed.
        /// </summary>
        public async Task<TwowayContender> NativeAsync(int threads, CancellationToken ct)
        {
            var name = $"native master-master, {NativeReplica.Describe(threads)}";
            Log($"== {name}");
            await using var aConnection = await MySqlConnection.OpenAsync(a.Uri, ct);
            await using var bConnection = await MySqlConnection.OpenAsync(b.Uri, ct);
            await NativeReplica.StartMutualAsync(aConnection, a.Port, bConnection, b.Port, threads, ct);
            try
            {
                async Task CaughtUp()
                {
                    var aEnd = await NativeReplica.BinlogPositionAsync(aConnection, ct);
                    var bEnd = await NativeReplica.BinlogPositionAsync(bConnection, ct);
                    await NativeReplica.WaitForAsync(bConnection, aEnd, LongWait, ct, "b's replication of a");
                    await NativeReplica.WaitForAsync(aConnection, bEnd, LongWait, ct, "a's replication of b");
                }

                SymmetricLag? lag = null;
                if (options.Runs("lag"))
                {
                    await SettleAsync(ct);
                    await CaughtUp();
                    await WarmUpAsync(name, CaughtUp, ct);
                    lag = await SymmetricLagAsync(name, $"native-{threads}", null, CaughtUp, ct);
                    await VerifyAsync($"{name}, lag phase", ct);
                }

                SymmetricThroughput? throughput = null;
                if (options.Runs("throughput"))
                {
                    await SettleAsync(ct);
                    await CaughtUp();
                    await WarmUpAsync(name, CaughtUp, ct);
                    throughput = await SymmetricThroughputAsync(name, null, CaughtUp, ct);
                    await VerifyAsync($"{name}, throughput phase", ct);
                }

                return new TwowayContender(name, IsTandem: false, lag, throughput, []);
            }
            finally
            {
                await NativeReplica.ResetAsync(aConnection, CancellationToken.None);
                await NativeReplica.ResetAsync(bConnection, CancellationToken.None);
            }
        }

        /// <summary>sysbench at --rate on both sides for --warmup-seconds, then until both directions caught up.</summary>
        private async Task WarmUpAsync(string name, Func<Task> caughtUp, CancellationToken ct)
        {
            if (options.WarmupSeconds == 0)
                return;
            Log($"{name}: warm-up, sysbench oltp_write_only --rate={options.Rate} on each side for {options.WarmupSeconds} s");
            await Task.WhenAll(
                Sysbench.RunWriteOnlyAtRateAsync(a.Port, Databases[0], options.Tables, options.TableSize, options.LoadThreads, options.WarmupSeconds, options.Rate, ct),
                Sysbench.RunWriteOnlyAtRateAsync(b.Port, Databases[1], options.Tables, options.TableSize, options.LoadThreads, options.WarmupSeconds, options.Rate, ct));
            await caughtUp();
        }

        /// <summary>
        /// sysbench at --rate on both sides (a into app_a, b into app_b) and a lag probe each way (a→b through
        /// heartbeat_ab, b→a through heartbeat_ba), all for --seconds; then the time until both directions caught up.
        /// </summary>
        private async Task<SymmetricLag> SymmetricLagAsync(string name, string slug, TandemRun? tandem, Func<Task> caughtUp, CancellationToken ct)
        {
            Log($"{name}: sysbench oltp_write_only --rate={options.Rate} on each side for {options.Seconds} s with a lag probe each way");
            var duration = TimeSpan.FromSeconds(options.Seconds);
            var firstLine = tandem?.OutputLines.Count ?? 0;
            var cpu = MarkCpu(tandem);
            var loadA = Sysbench.RunWriteOnlyAtRateAsync(a.Port, Databases[0], options.Tables, options.TableSize, options.LoadThreads, options.Seconds, options.Rate, ct);
            var loadB = Sysbench.RunWriteOnlyAtRateAsync(b.Port, Databases[1], options.Tables, options.TableSize, options.LoadThreads, options.Seconds, options.Rate, ct);
            var probeAtoB = LagProbe.RunAsync(a.Uri, b.Uri, ProbeAtoB, duration, ProbeDrain, ct);
            var probeBtoA = LagProbe.RunAsync(b.Uri, a.Uri, ProbeBtoA, duration, ProbeDrain, ct);
            await Task.WhenAll(loadA, loadB);
            var statusLags = StatusLagsSince(tandem, firstLine);
            await Task.WhenAll(probeAtoB, probeBtoA);
            var ended = Stopwatch.StartNew();
            await caughtUp();
            var drain = ended.Elapsed;
            var phaseCpu = cpu.Since(MarkCpu(tandem));

            var (transactionsA, perSecondA) = await loadA;
            var (transactionsB, perSecondB) = await loadB;
            var lag = new SymmetricLag(options.Rate, transactionsA, transactionsB, perSecondA, perSecondB, await probeAtoB, await probeBtoA, drain, statusLags, phaseCpu);
            foreach (var (direction, figures) in new[] { ("a-b", lag.AtoB), ("b-a", lag.BtoA) })
            {
                Directory.CreateDirectory(_logDirectory);
                await File.WriteAllLinesAsync(
                    Path.Combine(_logDirectory, $"lag-{slug}-{direction}.csv"),
                    ["seq,seconds_into_run,lag_ms", .. figures.Samples.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Seq},{p.At:0.000},{p.LagMs:0.0}"))],
                    ct);
                Log(string.Create(CultureInfo.InvariantCulture,
                    $"{name}, {direction}: lag p50 {figures.Percentile(50):N1} ms, p99 {figures.Percentile(99):N1} ms, max {figures.Max:N1} ms over {figures.Probes} probes ({figures.Missing} missing)"));
            }

            Log(string.Create(CultureInfo.InvariantCulture, $"{name}: {perSecondA:N1} tps on a, {perSecondB:N1} tps on b; both directions caught up {drain.TotalSeconds:N2} s after the loads"));
            return lag;
        }

        /// <summary>
        /// sysbench without --rate on both sides for --seconds, then the time from the loads' start until both
        /// directions have applied everything written.
        /// </summary>
        private async Task<SymmetricThroughput> SymmetricThroughputAsync(string name, TandemRun? tandem, Func<Task> caughtUp, CancellationToken ct)
        {
            Log($"{name}: sysbench oltp_write_only at full speed on each side for {options.Seconds} s");
            var firstLine = tandem?.OutputLines.Count ?? 0;
            var cpu = MarkCpu(tandem);
            var clock = Stopwatch.StartNew();
            var loadA = Sysbench.RunWriteOnlyAtRateAsync(a.Port, Databases[0], options.Tables, options.TableSize, options.LoadThreads, options.Seconds, rate: null, ct);
            var loadB = Sysbench.RunWriteOnlyAtRateAsync(b.Port, Databases[1], options.Tables, options.TableSize, options.LoadThreads, options.Seconds, rate: null, ct);
            await Task.WhenAll(loadA, loadB);
            var load = clock.Elapsed;
            var statusLags = StatusLagsSince(tandem, firstLine);
            await caughtUp();
            var total = clock.Elapsed;
            var phaseCpu = cpu.Since(MarkCpu(tandem));

            var (transactionsA, perSecondA) = await loadA;
            var (transactionsB, perSecondB) = await loadB;
            var figures = new SymmetricThroughput(transactionsA, transactionsB, perSecondA, perSecondB, load, total, statusLags, phaseCpu);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {transactionsA:N0} transactions on a ({perSecondA:N1} tps), {transactionsB:N0} on b ({perSecondB:N1} tps) in {load.TotalSeconds:N1} s; " +
                $"both directions caught up {figures.Drain.TotalSeconds:N1} s later: {figures.ReplicatedPerSecond:N1} transactions replicated a second"));
            return figures;
        }

        /// <summary>
        /// Each direction's heartbeat_lag on the status lines tandem printed from line <paramref name="first"/> on,
        /// without each direction's first line there: it shows the latest heartbeat, which may have arrived before.
        /// </summary>
        private static IReadOnlyDictionary<string, IReadOnlyList<double>>? StatusLagsSince(TandemRun? tandem, int first) =>
            tandem is null
                ? null
                : LinkStatus.HeartbeatLags(tandem.OutputLines.Skip(first)).ToDictionary(p => p.Key, p => (IReadOnlyList<double>)[.. p.Value.Skip(1)], StringComparer.Ordinal);

        /// <summary>
        /// Waits until both directions' checkpoints are at or past their sources' binlog ends as they stand now. Each
        /// end is followed by a marker transaction outside the link's tables: the transactions the link applied on a
        /// server never move the checkpoint of the direction that reads that server, so without a transaction after
        /// them an end among them would be reached only by the next heartbeat.
        /// </summary>
        private async Task CaughtUpAsync(TandemRun process, MySqlConnection aConnection, MySqlConnection bConnection, CancellationToken ct)
        {
            var aEnd = await MarkedEndAsync(a, aConnection, ct);
            var bEnd = await MarkedEndAsync(b, bConnection, ct);
            await process.WaitForCheckpointAsync(bConnection, AtoB, aEnd, LongWait, ct);
            await process.WaitForCheckpointAsync(aConnection, BtoA, bEnd, LongWait, ct);
        }

        private static async Task<BinlogPoint> MarkedEndAsync(LocalMariaDb server, MySqlConnection connection, CancellationToken ct)
        {
            var end = await BinlogPoint.CurrentAsync(server.Uri, ct);
            await connection.ExecuteAsync($"REPLACE INTO {Marker} VALUES (1, NOW(6))", ct);
            return end;
        }

        private CpuMark MarkCpu(TandemRun? tandem)
        {
            var (busy, total) = ProcessCpu.Machine();
            return new CpuMark(ProcessCpu.Seconds(a.ProcessId), ProcessCpu.Seconds(b.ProcessId), tandem is null ? null : ProcessCpu.Seconds(tandem.ProcessId), busy, total);
        }

        /// <summary>The CPU counters at one moment; two of them give a phase's <see cref="PhaseCpu"/>.</summary>
        private sealed record CpuMark(double ServerA, double ServerB, double? Tandem, double MachineBusy, double MachineTotal)
        {
            public PhaseCpu Since(CpuMark later) => new(
                later.ServerA - ServerA, later.ServerB - ServerB, later.Tandem - Tandem,
                later.MachineTotal > MachineTotal ? (later.MachineBusy - MachineBusy) / (later.MachineTotal - MachineTotal) : double.NaN);
        }

        /// <summary>SIGTERM; the process's peak RSS and its summary lines, one per direction.</summary>
        private static async Task<TandemProcessFigures> StopAsync(TandemRun process, string purpose, CancellationToken ct)
        {
            var peak = await process.StopAsync(ct);
            var summaries = LinkSummary.Parse(process.OutputLines);
            if (summaries.Count != 2)
                throw new InvalidOperationException($"{process.Label}: tandem printed {summaries.Count} link summary lines, not one per direction");
            foreach (var summary in summaries)
                Log($"{process.Label}: {summary.Line}");
            Log(string.Create(CultureInfo.InvariantCulture, $"{process.Label}: peak RSS {peak:N1} MiB"));
            return new TandemProcessFigures(purpose, peak, summaries);
        }

        /// <summary>Both servers write out their dirty pages, so no phase pays for the writes of the one before it.</summary>
        private async Task SettleAsync(CancellationToken ct)
        {
            foreach (var server in new[] { a, b })
                await DirtyPages.FlushAsync(server.Uri, ct);
        }

        private Task VerifyAsync(string contender, CancellationToken ct) =>
            TableChecksums.VerifyAsync(a.Uri, b.Uri, Tables, contender, ct);
    }
}
