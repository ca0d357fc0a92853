using System.Globalization;
using Tandem.MySql.Protocol;
using Tandem.Sandbox;
using static Tandem.Bench.BenchLog;

namespace Tandem.Bench;

/// <summary>One contender of the contest, every timed round: wall time, the server CPU it caused on each side, its own CPU.</summary>
internal sealed class VerifyContender(string name, int? threads)
{
    public string Name { get; } = name;

    /// <summary>tandem verify's --threads; null for pt-table-checksum.</summary>
    public int? Threads { get; } = threads;

    public bool IsTandem => Threads is not null;

    public Measurement Wall { get; } = new(name, "s");

    public Measurement SourceCpu { get; } = new($"{name}: source mariadbd CPU", "s");

    public Measurement TargetCpu { get; } = new($"{name}: target mariadbd CPU", "s");

    public Measurement ToolCpu { get; } = new($"{name}: its own CPU", "s");

    /// <summary>pt's chunks, or tandem's chunks over all tables.</summary>
    public Measurement Chunks { get; } = new($"{name}: chunks", "");

    /// <summary>tandem's own time (its report's totals.seconds: no process start or schema reading before its clock).</summary>
    public Measurement OwnSeconds { get; } = new($"{name}: its report's seconds", "s");

    public Measurement SourceQueries { get; } = new($"{name}: source queries", "");

    public Measurement TargetQueries { get; } = new($"{name}: target queries", "");
}

/// <summary>The contest: the data, every contender, and whether the buffer pools had to read anything while it ran.</summary>
internal sealed record ContestFigures(long Rows, double DataMegabytes, IReadOnlyList<VerifyContender> Contenders, IReadOnlyList<(string Server, long Reads)> BufferPoolReads);

/// <summary>The drill-down: one changed row in a big table, and each run of tandem verify on it.</summary>
internal sealed record DrillDownFigures(long Rows, long ChangedId, string Column, IReadOnlyList<TandemVerifyRun> Runs);

/// <summary>One profiled query: its timings and, for a candidate encoding, the rows whose bytes differ from Tandem's encoding.</summary>
internal sealed record ProfiledQuery(ChunkQuery Query, QueryTiming Timing, long? RowsEncodedDifferently);

/// <summary>The per-chunk query profile, and whether each tool's SQL still matches the copies profiled.</summary>
internal sealed record QueryProfileFigures(string Table, int Rows, int Runs, IReadOnlyList<ProfiledQuery> Queries, IReadOnlyList<(string Tool, bool Matches)> Drift);

internal sealed record VerifyFigures(ContestFigures? Contest, DrillDownFigures? DrillDown, QueryProfileFigures? Queries, IReadOnlyList<(string Phase, string Load)> Load);

/// <summary>The versions of the other tools, for the report.</summary>
internal sealed record VerifyTools(string PtTableChecksum, string MariaDbDump);

/// <summary>
/// The <c>verify</c> benchmark: <c>tandem verify</c> comparing two sandbox MariaDB servers holding the same sysbench
/// tables, against pt-table-checksum checksumming the source alone, alternating in the same run; then the drill-down's
/// query budget on one changed row of a big table; then the per-chunk queries of both tools timed one by one.
/// </summary>
internal static class VerifyBenchmark
{
    public const double Goal = 1.5;
    public const int QueryBudget = 10;
    public const string Database = "sbtest";
    public const string BigDatabase = "sbbig";

    public static async Task<int> RunAsync(VerifyBenchOptions options, string command, CancellationToken ct)
    {
        var started = DateTimeOffset.Now;
        Log("building the tandem executable (Release)");
        await TandemTailLoad.BuildAsync(ct);

        var sandbox = SandboxDirectory.Create();
        await using (sandbox)
        {
            // Each buffer pool holds all the data (about 0.2 GB for 8 x 100,000 rows and 0.24 GB for the big table), so
            // after the load and the warm-up runs no contender reads from disk (checked: Innodb_buffer_pool_reads).
            var (source, target) = await BenchServers.StartPairAsync(sandbox, ct);
            try
            {
                var run = new Run(options, sandbox, source, target);
                var load = new List<(string, string)>();
                load.Add(("prepare", LoadAverage()));
                await run.PrepareAsync(ct);
                load.Add(("contest", LoadAverage()));
                var contest = options.Runs("contest") ? await run.ContestAsync(ct) : null;
                load.Add(("drill-down", LoadAverage()));
                var drillDown = options.Runs("drilldown") ? await run.DrillDownAsync(ct) : null;
                load.Add(("queries", LoadAverage()));
                var queries = options.Runs("queries") ? await run.QueriesAsync(ct) : null;
                load.Add(("end", LoadAverage()));
                var figures = new VerifyFigures(contest, drillDown, queries, load);

                var environment = await BenchEnvironment.CaptureAsync(source, ct);
                var tools = new VerifyTools(await PtTableChecksum.VersionAsync(ct), await CopyTools.VersionAsync("mariadb-dump", ct));
                Console.WriteLine();
                Console.WriteLine(VerifyReport.Table(options, figures));
                await VerifyReport.WriteAsync(options.Out, VerifyReport.Render(options, command, started, environment, tools, figures), ct);
                Console.WriteLine($"wrote {options.Out}");
                if (drillDown is not null && !VerifyReport.WithinBudget(drillDown))
                {
                    Console.Error.WriteLine($"the drill-down took more than {QueryBudget} queries on a side (see the report)");
                    return 1;
                }

                return 0;
            }
            finally
            {
                await target.StopAsync(CancellationToken.None);
                await source.StopAsync(CancellationToken.None);
            }
        }
    }



    /// <summary>One run's servers and the steps of its phases.</summary>
    private sealed class Run(VerifyBenchOptions options, SandboxDirectory sandbox, LocalMariaDb source, LocalMariaDb target)
    {
        private readonly string _logDirectory = Path.Combine("bench", "out", "verify");
        private readonly string _journal = Path.Combine(sandbox.Path, "verify-journal.jsonl");

        private IReadOnlyList<string> Tables => [.. Enumerable.Range(1, options.Tables).Select(i => $"{Database}.sbtest{i}")];

        private string BigTable => $"{BigDatabase}.sbtest1";

        /// <summary>
        /// sysbench fills the source (the compared tables, and the big table when the drill-down runs, side by side);
        /// mariadb-dump | mariadb copies them to the target; CHECKSUM TABLE must agree before anything is timed.
        /// </summary>
        public async Task PrepareAsync(CancellationToken ct)
        {
            var big = options.Runs("drilldown");
            Log($"source MariaDB on port {source.Port}, target on port {target.Port}; sysbench oltp_read_only prepare: " +
                $"{options.Tables} x {options.TableSize:N0} rows in {Database}" + (big ? $", 1 x {options.BigTableSize:N0} rows in {BigDatabase}" : string.Empty));
            string[] databases = big ? [Database, BigDatabase] : [Database];
            await source.ExecuteSqlAsync(string.Concat(databases.Select(d => $"CREATE DATABASE {d};")), ct);
            var prepares = new List<Task> { Sysbench.PrepareReadOnlyAsync(source.Port, Database, options.Tables, options.TableSize, threads: 2, ct) };
            if (big)
                prepares.Add(Sysbench.PrepareReadOnlyAsync(source.Port, BigDatabase, 1, options.BigTableSize, threads: 1, ct));
            await Task.WhenAll(prepares);

            Log($"copying {string.Join(" and ", databases)} to the target: {CopyTools.DumpCommand(source.Port, databases)} | mariadb");
            await ProcessRunner.RunCheckedAsync(
                "bash", ["-c", $"set -o pipefail; {CopyTools.DumpCommand(source.Port, databases)} | mariadb --no-defaults --host=127.0.0.1 --port={target.Port} --user=root"], ct);
            IReadOnlyList<string> all = big ? [.. Tables, BigTable] : Tables;
            await TableChecksums.VerifyAsync(source.Uri, target.Uri, all, "the copy to the target", ct);
            Log("the target equals the source (row counts and CHECKSUM TABLE of every table)");
            foreach (var server in new[] { source, target })
                await DirtyPages.FlushAsync(server.Uri, ct);
        }

        public async Task<ContestFigures> ContestAsync(CancellationToken ct)
        {
            Log("== contest: pt-table-checksum (source alone) against tandem verify (both sides)");
            List<VerifyContender> contenders =
            [
                new("pt-table-checksum, source alone", null),
                .. options.AllThreads.Select(t => new VerifyContender($"tandem verify --threads {t}, both sides", t)),
            ];

            // Warm-up: one untimed run of each (caches, the JIT's disk cache, pt's Perl modules), each checked like a timed one.
            foreach (var contender in contenders)
            {
                var warm = await RunContenderAsync(contender, record: false, ct);
                Log($"warm-up: {contender.Name}: {warm:N3} s (not counted)");
            }

            var readsBefore = await BufferPoolReadsAsync(ct);
            for (var round = 1; round <= options.Rounds; round++)
            {
                // Rotate the order every round, so a drift of the machine's load does not always hit the same contender.
                var order = contenders.Skip((round - 1) % contenders.Count).Concat(contenders.Take((round - 1) % contenders.Count));
                foreach (var contender in order)
                {
                    var wall = await RunContenderAsync(contender, record: true, ct);
                    Log(string.Create(CultureInfo.InvariantCulture,
                        $"round {round}: {contender.Name}: {wall:N3} s, {options.Rows / wall:N0} rows/s (server CPU: source {contender.SourceCpu.Rounds[^1]:N2} s, target {contender.TargetCpu.Rounds[^1]:N2} s; own CPU {contender.ToolCpu.Rounds[^1]:N2} s)"));
                }
            }

            var readsAfter = await BufferPoolReadsAsync(ct);
            var megabytes = Convert.ToDouble(
                (await source.ExecuteSqlAsync($"SELECT SUM(data_length + index_length) FROM information_schema.tables WHERE table_schema = '{Database}';", ct)).Trim(),
                CultureInfo.InvariantCulture) / 1e6;
            return new ContestFigures(options.Rows, megabytes, contenders, [("source", readsAfter.Source - readsBefore.Source), ("target", readsAfter.Target - readsBefore.Target)]);
        }

        /// <summary>Runs one contender once, checks what it reports, and (<paramref name="record"/>) records its figures; returns its wall time.</summary>
        private async Task<double> RunContenderAsync(VerifyContender contender, bool record, CancellationToken ct)
        {
            foreach (var server in new[] { source, target })
                await DirtyPages.FlushAsync(server.Uri, ct);
            var sourceCpu = ProcessCpu.Seconds(source.ProcessId);
            var targetCpu = ProcessCpu.Seconds(target.ProcessId);
            double wall, toolCpu, chunks;
            double? ownSeconds = null, sourceQueries = null, targetQueries = null;
            if (contender.Threads is not { } threads)
            {
                var pt = await PtTableChecksum.RunAsync(source.Port, Database, ct);
                if (pt.Tables != options.Tables || pt.Rows != options.Rows)
                    throw new InvalidOperationException($"pt-table-checksum checksummed {pt.Tables} tables and {pt.Rows} rows, not {options.Tables} and {options.Rows}");
                (wall, toolCpu, chunks) = (pt.Elapsed.TotalSeconds, pt.CpuSeconds, pt.Chunks);
            }
            else
            {
                var tandem = await TandemVerify.RunAsync(source.Uri, target.Uri, $"{Database}.*", threads, _journal, ct);
                if (tandem.ExitCode != 0 || tandem.Result != "equal" || tandem.Rows != options.Rows || tandem.Tables.Count != options.Tables)
                    throw new InvalidOperationException($"{contender.Name}: exit {tandem.ExitCode}, '{tandem.Result}' over {tandem.Tables.Count} tables and {tandem.Rows} rows; the servers hold the same {options.Tables} tables of {options.TableSize} rows");
                (wall, toolCpu, chunks) = (tandem.Elapsed.TotalSeconds, tandem.CpuSeconds, tandem.Tables.Sum(static t => t.Chunks));
                (ownSeconds, sourceQueries, targetQueries) = (tandem.Seconds, tandem.SourceQueries, tandem.TargetQueries);
            }

            if (!record)
                return wall;
            contender.Wall.Add(wall);
            contender.SourceCpu.Add(ProcessCpu.Seconds(source.ProcessId) - sourceCpu);
            contender.TargetCpu.Add(ProcessCpu.Seconds(target.ProcessId) - targetCpu);
            contender.ToolCpu.Add(toolCpu);
            contender.Chunks.Add(chunks);
            if (ownSeconds is { } own)
                contender.OwnSeconds.Add(own);
            if (sourceQueries is { } sq && targetQueries is { } tq)
            {
                contender.SourceQueries.Add(sq);
                contender.TargetQueries.Add(tq);
            }

            return wall;
        }

        private async Task<(long Source, long Target)> BufferPoolReadsAsync(CancellationToken ct)
        {
            const string sql = "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_READS';";
            return (
                long.Parse((await source.ExecuteSqlAsync(sql, ct)).Trim(), CultureInfo.InvariantCulture),
                long.Parse((await target.ExecuteSqlAsync(sql, ct)).Trim(), CultureInfo.InvariantCulture));
        }

        /// <summary>
        /// One column of one row in the middle of the big table changes on the target; tandem verify must report that row
        /// and only it, within the query budget on each side. Runs once per round (the chunk sizes adapt to the machine).
        /// </summary>
        public async Task<DrillDownFigures> DrillDownAsync(CancellationToken ct)
        {
            Log($"== drill-down: one changed row in {BigTable} ({options.BigTableSize:N0} rows)");
            var id = options.BigTableSize / 2;
            const string column = "c";
            await using (var connection = await MySqlConnection.OpenAsync(target.Uri, ct))
            {
                var changed = await connection.ExecuteAsync(
                    $"UPDATE {BigTable} SET {column} = CONCAT(IF(LEFT({column}, 1) = 'X', 'Y', 'X'), SUBSTRING({column}, 2)) WHERE id = {id}", ct);
                if (changed.AffectedRows != 1)
                    throw new InvalidOperationException($"the UPDATE of {BigTable} id {id} on the target changed {changed.AffectedRows} rows, not 1");
            }

            foreach (var server in new[] { source, target })
                await DirtyPages.FlushAsync(server.Uri, ct);

            var runs = new List<TandemVerifyRun>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                var run = await TandemVerify.RunAsync(source.Uri, target.Uri, $"{BigDatabase}.*", options.Threads, _journal, ct);
                var table = run.Tables.SingleOrDefault();
                var expected = $"id={id.ToString(CultureInfo.InvariantCulture)}";
                if (run.ExitCode != 1 || run.Result != "different" || table is null
                    || table.OnlyInSource.Count != 0 || table.OnlyInTarget.Count != 0
                    || table.Differing.Count != 1 || table.Differing[0].Key != expected || !table.Differing[0].Columns.SequenceEqual([column]))
                {
                    throw new InvalidOperationException(
                        $"tandem verify did not report exactly the changed row ({expected}, column {column}): exit {run.ExitCode}, '{run.Result}', " +
                        $"differing [{string.Join("; ", table?.Differing.Select(static d => $"{d.Key} ({string.Join(", ", d.Columns)})") ?? [])}], " +
                        $"only in source {table?.OnlyInSource.Count}, only in target {table?.OnlyInTarget.Count}");
                }

                runs.Add(run);
                Log(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: found {expected} (column {column}) in {run.Elapsed.TotalSeconds:N3} s; {table.Chunks} chunks; queries: source {run.SourceQueries}, target {run.TargetQueries} (budget {QueryBudget} each)"));
            }

            return new DrillDownFigures(options.BigTableSize, id, column, runs);
        }

        /// <summary>
        /// Each tool's per-chunk query over one whole table, timed with the mariadb client, next to the floor and cheaper
        /// variants of Tandem's; first one run of each tool with the general log on, to check the SQL profiled is the
        /// SQL they send.
        /// </summary>
        public async Task<QueryProfileFigures> QueriesAsync(CancellationToken ct)
        {
            var table = $"`{Database}`.`sbtest1`";
            Log($"== per-chunk queries over {table} ({options.TableSize:N0} rows), {options.QueryRuns} interleaved rounds, mariadb client");
            var drift = await CheckDriftAsync(ct);
            foreach (var (tool, matches) in drift.Where(static d => !d.Matches))
                Log($"warning: {tool} no longer sends the SQL profiled here; update ChunkQueries");

            var queries = ChunkQueries.For(table, options.TableSize);
            var timings = await QueryTimer.TimeAsync(source.Port, source.ProcessId, [.. queries.Select(static q => q.Sql)], options.QueryRuns, ct);
            var profiled = new List<ProfiledQuery>();
            foreach (var (query, timing) in queries.Zip(timings))
            {
                long? different = query.SameBytesSql is { } check
                    ? long.Parse(await QueryTimer.ScalarAsync(source.Port, check, ct), CultureInfo.InvariantCulture)
                    : null;
                profiled.Add(new ProfiledQuery(query, timing, different));
                var same = different is { } d ? string.Create(CultureInfo.InvariantCulture, $"; rows encoded differently from tandem's encoding: {d}") : string.Empty;
                Log(string.Create(CultureInfo.InvariantCulture,
                    $"{query.Name}: min {timing.Min:N3} s, median {timing.Median:N3} s, server CPU {timing.ServerCpuSeconds:N3} s per run{same}"));
            }

            return new QueryProfileFigures(table, options.TableSize, options.QueryRuns, profiled, drift);
        }

        /// <summary>Runs pt-table-checksum and tandem verify on one table with both general logs on; each tool's SQL must contain the profiled fragments.</summary>
        private async Task<IReadOnlyList<(string Tool, bool Matches)>> CheckDriftAsync(CancellationToken ct)
        {
            Directory.CreateDirectory(_logDirectory);
            var logs = new[] { (Server: source, Path: Path.Combine(sandbox.Path, "source-general.log")), (Server: target, Path: Path.Combine(sandbox.Path, "target-general.log")) };
            foreach (var (server, path) in logs)
                await server.ExecuteSqlAsync($"SET GLOBAL general_log_file = '{path}'; SET GLOBAL general_log = 1;", ct);
            try
            {
                await ProcessRunner.RunCheckedAsync("pt-table-checksum", [.. PtTableChecksum.Arguments(source.Port, Database), "--tables=sbtest1"], ct);
                await TandemVerify.RunAsync(source.Uri, target.Uri, $"{Database}.sbtest1", options.Threads, _journal, ct);
            }
            finally
            {
                foreach (var (server, _) in logs)
                    await server.ExecuteSqlAsync("SET GLOBAL general_log = 0;", ct);
            }

            var text = string.Empty;
            foreach (var (server, path) in logs)
            {
                var copy = Path.Combine(_logDirectory, Path.GetFileName(path));
                File.Copy(path, copy, overwrite: true);
                text += await File.ReadAllTextAsync(path, ct);
            }

            Log($"the general logs of one pt-table-checksum and one tandem verify run on sbtest1 are in {_logDirectory}");
            return [.. ChunkQueries.Fragments.Select(f => (f.Tool, text.Contains(f.Fragment, StringComparison.Ordinal)))];
        }
    }
}
