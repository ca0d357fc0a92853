using System.Diagnostics;
using System.Globalization;
using Tandem.MySql.Protocol;
using Tandem.Sandbox;
using static Tandem.Bench.BenchLog;

namespace Tandem.Bench;

/// <summary>The copy phase: every contender's wall time and peak RSS, per round.</summary>
internal sealed record CopyFigures(
    long Rows, double DataMegabytes,
    Measurement DumpPipe, Measurement DumpPeak, Measurement DumpLoadPeak,
    Measurement Mydumper, Measurement Myloader, Measurement MyTotal, Measurement MydumperPeak, Measurement MyloaderPeak,
    Measurement? Tandem, Measurement? TandemPeak);

/// <summary>The catch-up phase: the backlog and each contender's time to apply all of it.</summary>
internal sealed record CatchUpFigures(
    GtidList From, GtidList To, BinlogPoint Start, BinlogPoint End, long Transactions, long BinlogBytes, string ParallelModeDefault,
    Measurement NativeSerial, Measurement NativeParallel, Measurement? Tandem, Measurement? TandemPeak);

/// <summary>The steady-state phase: the source's maximum rate, the rate driven, and each replica's lag.</summary>
internal sealed record LagPhaseFigures(
    double MaxPerSecond, int Rate, double NativePerSecond, LagFigures Native, double? TandemPerSecond, LagFigures? Tandem, double? TandemPeak);

/// <summary>All phases' figures, and the machine's load average when each phase began (the machine is shared).</summary>
internal sealed record ReplicateFigures(CopyFigures? Copy, CatchUpFigures? CatchUp, LagPhaseFigures? Lag, IReadOnlyList<(string Phase, string Load)> Load);

/// <summary>
/// The <c>replicate</c> benchmark: one-way replication between two sandbox MariaDB servers, Tandem (<c>tandem run</c>)
/// side by side with mariadb-dump, mydumper/myloader and MariaDB's native replication, same machine, same run.
/// Every result is checked (row counts and CHECKSUM TABLE of every table equal the source's) before its time counts.
/// </summary>
internal static class ReplicateBenchmark
{
    public const string TaskName = "bench";
    public const int ParallelThreads = 4;

    private static readonly TimeSpan LongWait = TimeSpan.FromMinutes(30);

    public static async Task RunAsync(ReplicateBenchOptions options, string command, CancellationToken ct)
    {
        var started = DateTimeOffset.Now;
        if (!options.SkipTandem && TandemRun.Override is null)
        {
            Log("building the tandem executable (Release)");
            await TandemTailLoad.BuildAsync(ct);
        }

        var sandbox = SandboxDirectory.Create();
        await using (sandbox)
        {
            var (source, target) = await BenchServers.StartPairAsync(sandbox, ct);
            try
            {
                var run = new Run(options, sandbox, source, target);
                await run.PrepareAsync(ct);
                var load = new List<(string, string)>();
                load.Add(("copy", LoadAverage()));
                var copy = options.Runs("copy") ? await run.CopyPhaseAsync(ct) : null;
                load.Add(("catch-up", LoadAverage()));
                var catchUp = options.Runs("catchup") ? await run.CatchUpPhaseAsync(ct) : null;
                load.Add(("lag", LoadAverage()));
                var lag = options.Runs("lag") ? await run.LagPhaseAsync(ct) : null;
                load.Add(("end", LoadAverage()));
                var figures = new ReplicateFigures(copy, catchUp, lag, load);

                var environment = await BenchEnvironment.CaptureAsync(source, ct);
                var tools = new ReplicateTools(
                    await CopyTools.VersionAsync("mydumper", ct),
                    await CopyTools.VersionAsync("myloader", ct),
                    await CopyTools.VersionAsync("mariadb-dump", ct));
                Console.WriteLine();
                Console.WriteLine(ReplicateReport.Table(options, figures));
                await ReplicateReport.WriteAsync(options.Out, ReplicateReport.Render(options, command, started, environment, tools, figures), ct);
                Console.WriteLine($"wrote {options.Out}");
            }
            finally
            {
                await target.StopAsync(CancellationToken.None);
                await source.StopAsync(CancellationToken.None);
            }
        }
    }



    /// <summary>One run's servers and the steps of its phases.</summary>
    private sealed class Run(ReplicateBenchOptions options, SandboxDirectory sandbox, LocalMariaDb source, LocalMariaDb target)
    {
        private static readonly string[] Databases = ["sbtest", LagProbe.Database];
        private static readonly string[] TablePatterns = ["sbtest.*", LagProbe.Database + ".*"];

        private readonly string _logDirectory = Path.Combine("bench", "out", "replicate");
        private readonly string _dumpDirectory = Path.Combine(sandbox.Path, "dump");
        private readonly string _baseDirectory = Path.Combine(sandbox.Path, "target-base");

        private IReadOnlyList<string> Tables =>
            [.. Enumerable.Range(1, options.Tables).Select(i => $"sbtest.sbtest{i}"), LagProbe.Table];

        public async Task PrepareAsync(CancellationToken ct)
        {
            Log($"source MariaDB on port {source.Port}, target on port {target.Port}; preparing {options.Tables} sbtest tables of {options.TableSize:N0} rows");
            var binlog = (await target.ExecuteSqlAsync("SELECT @@log_bin;", ct)).Trim();
            if (binlog != "0")
                throw new InvalidOperationException($"the target was meant to run without a binlog, but @@log_bin is {binlog}");
            await source.ExecuteSqlAsync("CREATE DATABASE sbtest;", ct);
            await Sysbench.PrepareWriteOnlyAsync(source.Port, options.Tables, options.TableSize, ct);
            await LagProbe.CreateAsync(source.Uri, ct);
        }

        public async Task<CopyFigures> CopyPhaseAsync(CancellationToken ct)
        {
            Log("== full copy");
            var dumpPipe = new Measurement("mariadb-dump --single-transaction | mariadb (1 stream)", "s");
            var dumpPeak = new Measurement("mariadb-dump", "MiB");
            var dumpLoadPeak = new Measurement("mariadb", "MiB");
            var mydumper = new Measurement("mydumper", "s");
            var myloader = new Measurement("myloader", "s");
            var myTotal = new Measurement($"mydumper -t {options.Threads} + myloader -t {options.Threads}", "s");
            var mydumperPeak = new Measurement("mydumper", "MiB");
            var myloaderPeak = new Measurement("myloader", "MiB");
            var tandem = options.SkipTandem ? null : new Measurement($"tandem run, mode: full, copy_threads: {options.Threads}", "s");
            var tandemPeak = options.SkipTandem ? null : new Measurement("tandem peak RSS, mode: full", "MiB");

            for (var round = 1; round <= options.Rounds; round++)
            {
                await EmptyTargetAsync(ct);
                var (elapsed, peak, loadPeak) = await CopyTools.DumpPipeAsync(source.Port, target.Port, Databases, ct);
                await VerifyAsync(dumpPipe.Name, ct);
                dumpPipe.Add(elapsed.TotalSeconds);
                dumpPeak.Add(peak);
                dumpLoadPeak.Add(loadPeak);
                Log($"round {round}: {dumpPipe.Name}: {elapsed.TotalSeconds:N3} s");

                await EmptyTargetAsync(ct);
                var (dumped, dumpedPeak) = await CopyTools.MydumperAsync(source.Port, Databases, options.Threads, _dumpDirectory, ct);
                var (loaded, loadedPeak) = await CopyTools.MyloaderAsync(target.Port, options.Threads, _dumpDirectory, ct);
                await VerifyAsync(myTotal.Name, ct);
                mydumper.Add(dumped.TotalSeconds);
                myloader.Add(loaded.TotalSeconds);
                myTotal.Add(dumped.TotalSeconds + loaded.TotalSeconds);
                mydumperPeak.Add(dumpedPeak);
                myloaderPeak.Add(loadedPeak);
                Log($"round {round}: {myTotal.Name}: {(dumped + loaded).TotalSeconds:N3} s (dump {dumped.TotalSeconds:N3} s, load {loaded.TotalSeconds:N3} s)");

                if (tandem is not null && tandemPeak is not null)
                {
                    await EmptyTargetAsync(ct);
                    await using var process = TandemRun.Start(NewTask("full"), sandbox.Path, _logDirectory, $"copy round {round}");
                    var (took, tandemPeakMiB) = await process.WaitForExitAsync(LongWait, ct);
                    await VerifyAsync(tandem.Name, ct);
                    tandem.Add(took.TotalSeconds);
                    tandemPeak.Add(tandemPeakMiB);
                    Log($"round {round}: {tandem.Name}: {took.TotalSeconds:N3} s, peak RSS {tandemPeakMiB:N1} MiB");
                }
            }

            var megabytes = Convert.ToDouble(
                (await source.ExecuteSqlAsync("SELECT SUM(data_length + index_length) FROM information_schema.tables WHERE table_schema = 'sbtest';", ct)).Trim(),
                CultureInfo.InvariantCulture) / 1e6;
            return new CopyFigures(
                (long)options.Tables * options.TableSize, megabytes,
                dumpPipe, dumpPeak, dumpLoadPeak, mydumper, myloader, myTotal, mydumperPeak, myloaderPeak, tandem, tandemPeak);
        }

        public async Task<CatchUpFigures> CatchUpPhaseAsync(CancellationToken ct)
        {
            Log("== catch-up");
            var from = await CopyToTargetAsync(ct);
            Log($"starting copy at GTID {from}; saving the target's data directory as the starting point of every contender");
            await target.StopAsync(ct);
            await CopyDirectoryAsync(target.DataDirectory, _baseDirectory, ct);
            await target.RestartAsync(ct);
            var parallelModeDefault = (await target.ExecuteSqlAsync("SELECT @@GLOBAL.slave_parallel_mode;", ct)).Trim();

            var start = await BinlogPoint.CurrentAsync(source.Uri, ct);
            Log($"backlog: sysbench oltp_write_only, {options.LoadThreads} threads, {options.BacklogSeconds} s at full speed, from {start}");
            var transactions = await Sysbench.RunWriteOnlyAsync(source.Port, options.Tables, options.TableSize, options.LoadThreads, options.BacklogSeconds, ct);
            var end = await BinlogPoint.CurrentAsync(source.Uri, ct);
            var to = await SourceGtidAsync(ct);
            var backlog = await CaptureBacklog.MeasureAsync(source.Uri, start, end, transactions, ct);
            Log($"backlog: {transactions:N0} transactions, {backlog.Bytes / 1e6:N1} MB of binlog, {start} to {end}, GTID {from} to {to}");

            var serial = new Measurement($"native replication, {NativeReplica.Describe(0)}", "s");
            var parallel = new Measurement($"native replication, {NativeReplica.Describe(ParallelThreads)}", "s");
            var tandem = options.SkipTandem ? null : new Measurement($"tandem run, mode: incremental from the GTID, writer_threads: {options.Threads}", "s");
            var tandemPeak = options.SkipTandem ? null : new Measurement("tandem peak RSS, mode: incremental", "MiB");
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var threads in new[] { 0, ParallelThreads })
                {
                    var figure = threads == 0 ? serial : parallel;
                    await RestoreTargetAsync(ct);
                    await SettleAsync(ct);
                    await using var connection = await MySqlConnection.OpenAsync(target.Uri, ct);
                    var clock = Stopwatch.StartNew();
                    await NativeReplica.StartAsync(connection, source.Port, from, threads, ct);
                    await NativeReplica.WaitForAsync(connection, to, LongWait, ct);
                    var took = clock.Elapsed;
                    await NativeReplica.ResetAsync(connection, ct);
                    await EnsureQuietAsync(end, ct);
                    await VerifyAsync(figure.Name, ct);
                    figure.Add(took.TotalSeconds);
                    Log($"round {round}: {figure.Name}: {took.TotalSeconds:N3} s");
                }

                if (tandem is not null && tandemPeak is not null)
                {
                    await RestoreTargetAsync(ct);
                    await SettleAsync(ct);
                    await using var connection = await MySqlConnection.OpenAsync(target.Uri, ct);
                    await using var process = TandemRun.Start(NewTask("incremental", from.Text), sandbox.Path, _logDirectory, $"catch-up round {round}");
                    await process.WaitForCheckpointAsync(connection, TaskName, end, LongWait, ct);
                    var took = process.Elapsed;
                    var peak = await process.StopAsync(ct);
                    await EnsureQuietAsync(end, ct);
                    await VerifyAsync(tandem.Name, ct);
                    tandem.Add(took.TotalSeconds);
                    tandemPeak.Add(peak);
                    Log($"round {round}: {tandem.Name}: {took.TotalSeconds:N3} s, peak RSS {peak:N1} MiB");
                }
            }

            return new CatchUpFigures(from, to, start, end, transactions, backlog.Bytes, parallelModeDefault, serial, parallel, tandem, tandemPeak);
        }

        public async Task<LagPhaseFigures> LagPhaseAsync(CancellationToken ct)
        {
            Log("== steady-state lag");
            await SettleAsync(ct);
            var (_, max) = await Sysbench.RunWriteOnlyAtRateAsync(source.Port, options.Tables, options.TableSize, options.LoadThreads, options.RateSeconds, rate: null, ct);
            var rate = Math.Max(1, (int)(max / 2));
            Log($"the source's maximum oltp_write_only rate ({options.LoadThreads} threads, {options.RateSeconds} s): {max:N1} tps; the steady load runs at --rate={rate}");

            // Native replication: a copy at a known GTID, the replica started from it and caught up before the probe.
            var from = await CopyToTargetAsync(ct);
            double nativeRate;
            LagFigures native;
            await using (var connection = await MySqlConnection.OpenAsync(target.Uri, ct))
            {
                await NativeReplica.StartAsync(connection, source.Port, from, ParallelThreads, ct);
                var name = $"native replication, {NativeReplica.Describe(ParallelThreads)}";
                Task Alive(CancellationToken c) => NativeReplica.ThrowIfBrokenAsync(connection, c);
                await LagProbe.WaitForReplicaAsync(source.Uri, target.Uri, LongWait, Alive, ct);
                await SettleAsync(ct);
                await LagProbe.WaitForReplicaAsync(source.Uri, target.Uri, LongWait, Alive, ct);
                (nativeRate, native) = await SteadyLoadAsync(name, rate, ct);
                await NativeReplica.WaitForAsync(connection, await SourceGtidAsync(ct), LongWait, ct);
                await NativeReplica.ResetAsync(connection, ct);
                await VerifyAsync(name, ct);
            }

            if (options.SkipTandem)
                return new LagPhaseFigures(max, rate, nativeRate, native, null, null, null);

            // Tandem: full copy and then the change stream, into an empty target, caught up before the probe.
            await EmptyTargetAsync(ct);
            await using (var connection = await MySqlConnection.OpenAsync(target.Uri, ct))
            await using (var process = TandemRun.Start(NewTask("full+incremental"), sandbox.Path, _logDirectory, "lag"))
            {
                var name = $"tandem run, mode: full+incremental, writer_threads: {options.Threads}";
                Task Alive(CancellationToken c)
                {
                    process.ThrowIfExited();
                    process.SamplePeak();
                    return Task.CompletedTask;
                }

                // The probe reads the target's heartbeat table, so it waits until the copy is over: a read of a table
                // that the copy's LOAD DATA is still filling (InnoDB's bulk insert into an empty table, as
                // unique_checks=0 and foreign_key_checks=0 make it) hung MariaDB 10.11 here, loads and read alike.
                await process.WaitForCheckpointAsync(connection, TaskName, end: null, LongWait, ct);
                Log($"tandem copied and began streaming in {process.Elapsed.TotalSeconds:N1} s");
                var ready = await LagProbe.WaitForReplicaAsync(source.Uri, target.Uri, LongWait, Alive, ct);
                Log($"tandem caught up with the probe in {ready.TotalSeconds:N1} s more");
                await SettleAsync(ct);
                await LagProbe.WaitForReplicaAsync(source.Uri, target.Uri, LongWait, Alive, ct);
                var (tandemRate, tandem) = await SteadyLoadAsync(name, rate, ct);
                await process.WaitForCheckpointAsync(connection, TaskName, await BinlogPoint.CurrentAsync(source.Uri, ct), LongWait, ct);
                var peak = await process.StopAsync(ct);
                await VerifyAsync(name, ct);
                Log($"{name}: peak RSS {peak:N1} MiB");
                return new LagPhaseFigures(max, rate, nativeRate, native, tandemRate, tandem, peak);
            }
        }

        /// <summary>sysbench at <paramref name="rate"/> and the lag probe side by side for --lag-seconds.</summary>
        private async Task<(double PerSecond, LagFigures Lag)> SteadyLoadAsync(string name, int rate, CancellationToken ct)
        {
            Log($"{name}: sysbench oltp_write_only --rate={rate} for {options.LagSeconds} s with the lag probe");
            var duration = TimeSpan.FromSeconds(options.LagSeconds);
            var load = Sysbench.RunWriteOnlyAtRateAsync(source.Port, options.Tables, options.TableSize, options.LoadThreads, options.LagSeconds, rate, ct);
            var probe = LagProbe.RunAsync(source.Uri, target.Uri, duration, TimeSpan.FromSeconds(60), ct);
            await Task.WhenAll(load, probe);
            var lag = await probe;
            var (_, perSecond) = await load;
            Directory.CreateDirectory(_logDirectory);
            var csv = Path.Combine(_logDirectory, $"lag-{(name.StartsWith("tandem", StringComparison.Ordinal) ? "tandem" : "native")}.csv");
            await File.WriteAllLinesAsync(csv, ["seq,seconds_into_run,lag_ms", .. lag.Samples.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Seq},{p.At:0.000},{p.LagMs:0.0}"))], ct);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {perSecond:N1} tps; lag p50 {lag.Percentile(50):N1} ms, p99 {lag.Percentile(99):N1} ms, max {lag.Max:N1} ms over {lag.Probes} probes ({lag.Missing} missing)"));
            return (perSecond, lag);
        }

        /// <summary>Drops what any contender created on the target and stops any replication there.</summary>
        private async Task EmptyTargetAsync(CancellationToken ct)
        {
            await using (var connection = await MySqlConnection.OpenAsync(target.Uri, ct))
            {
                await NativeReplica.ResetAsync(connection, ct);
                await connection.ExecuteAsync("SET GLOBAL gtid_slave_pos = ''", ct);
                foreach (var database in Databases.Append("tandem_meta"))
                    await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {database}", ct);
            }

            await SettleAsync(ct);
        }

        /// <summary>mydumper + myloader into an emptied target, the source quiet; returns the copy's GTID position.</summary>
        private async Task<GtidList> CopyToTargetAsync(CancellationToken ct)
        {
            await EmptyTargetAsync(ct);
            var before = await SourceGtidAsync(ct);
            await CopyTools.MydumperAsync(source.Port, Databases, options.Threads, _dumpDirectory, ct);
            await CopyTools.MyloaderAsync(target.Port, options.Threads, _dumpDirectory, ct);
            var after = await SourceGtidAsync(ct);
            if (after != before)
                throw new InvalidOperationException($"the source was written during the copy: GTID {before} before, {after} after");
            if (CopyTools.DumpGtid(_dumpDirectory) is { } recorded && recorded != after)
                throw new InvalidOperationException($"mydumper recorded GTID {recorded}, the source is at {after}");
            await VerifyAsync("the starting copy (mydumper + myloader)", ct);
            return after;
        }

        /// <summary>The target as the catch-up copy left it: its data directory put back while it is stopped.</summary>
        private async Task RestoreTargetAsync(CancellationToken ct)
        {
            await target.StopAsync(ct);
            await CopyDirectoryAsync(_baseDirectory, target.DataDirectory, ct);
            await target.RestartAsync(ct);
        }

        /// <summary>
        /// Lets both servers flush their dirty pages before a timed run, so no contender pays for the writes of the one
        /// before it (or of the load that built the backlog).
        /// </summary>
        private async Task SettleAsync(CancellationToken ct)
        {
            foreach (var server in new[] { source, target })
                await DirtyPages.FlushAsync(server.Uri, ct);
        }

        /// <summary>Nothing may write to the source between the end of the backlog and the end of a contender's run.</summary>
        private async Task EnsureQuietAsync(BinlogPoint end, CancellationToken ct)
        {
            var now = await BinlogPoint.CurrentAsync(source.Uri, ct);
            if (now != end)
                throw new InvalidOperationException($"the source's binlog moved from {end} to {now} during the catch-up runs");
        }

        private async Task<GtidList> SourceGtidAsync(CancellationToken ct)
        {
            await using var connection = await MySqlConnection.OpenAsync(source.Uri, ct);
            return await NativeReplica.BinlogPositionAsync(connection, ct);
        }

        private Task VerifyAsync(string contender, CancellationToken ct) =>
            TableChecksums.VerifyAsync(source.Uri, target.Uri, Tables, contender, ct);

        private TandemTask NewTask(string mode, string? gtid = null) =>
            new(TaskName, source.Uri, target.Uri, TablePatterns, mode, options.Threads, gtid);

        private static async Task CopyDirectoryAsync(string from, string to, CancellationToken ct)
        {
            if (Directory.Exists(to))
                Directory.Delete(to, recursive: true);
            await ProcessRunner.RunCheckedAsync("cp", ["-a", from, to], ct);
        }
    }
}

/// <summary>The versions of the copy tools, for the report.</summary>
internal sealed record ReplicateTools(string Mydumper, string Myloader, string MariaDbDump);
