using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Core.Model;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;
using Tandem.MySql.Schema;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// The full copy of a task: source tables read in key chunks on one consistent snapshot by <c>Threads</c> connections,
/// written by as many target connections, with the plan and each chunk's completion in <c>tandem_meta</c> so a copy
/// that stopped resumes with the chunks it had not finished. See <see cref="FullCopyResult.StreamStart"/> for where the
/// change stream then begins.
/// </summary>
public sealed class FullCopy
{
    private readonly FullCopyOptions _options;
    private readonly ReplicationMetrics _metrics;
    private readonly ILogger _logger;

    public FullCopy(FullCopyOptions options, ReplicationMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkRows, 1, nameof(options));
        _options = options;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task<FullCopyResult> RunAsync(CancellationToken ct)
    {
        var source = await MySqlConnection.OpenAsync(_options.Source with { Database = null }, ct).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var target = await MySqlConnection.OpenAsync(_options.Target with { Database = null }, ct).ConfigureAwait(false);
            await using (target.ConfigureAwait(false))
                return await RunAsync(source, target, ct).ConfigureAwait(false);
        }
    }

    private async Task<FullCopyResult> RunAsync(MySqlConnection source, MySqlConnection target, CancellationToken ct)
    {
        await SourceChecks.EnsureCopyableAsync(source, ct).ConfigureAwait(false);
        await source.ExecuteAsync("SET SESSION sql_quote_show_create = 1, sql_mode = ''", ct).ConfigureAwait(false);
        await target.ExecuteAsync(TargetTables.SessionSetup, ct).ConfigureAwait(false);
        if (!_options.WriteTargetBinlog)
            await target.ExecuteAsync("SET SESSION sql_log_bin = 0", ct).ConfigureAwait(false);
        await TaskStateStore.EnsureSchemaAsync(target, ct).ConfigureAwait(false);

        var catalog = await LoadCatalogAsync(source, ct).ConfigureAwait(false);
        var schemas = catalog.Tables.Where(static t => !t.IsSequence)
            .OrderBy(static t => t.Database, StringComparer.Ordinal).ThenBy(static t => t.Name, StringComparer.Ordinal).ToList();
        RefuseKeyless(schemas);
        var plans = schemas.Select(Plan).ToList();

        var storedTables = (await CopyProgressStore.ReadTablesAsync(target, _options.Task, ct).ConfigureAwait(false))
            .ToDictionary(static t => (t.Database, t.Table));
        var storedChunks = (await CopyProgressStore.ReadChunksAsync(target, _options.Task, ct).ConfigureAwait(false))
            .ToLookup(static c => (c.Database, c.Table));
        var resumed = storedTables.Count > 0;

        // Tables the task has not planned yet: on the first run, all of them. Their target tables must be empty,
        // unless the task says what to do with the rows there.
        var unplanned = plans.Where(p => !storedTables.ContainsKey((p.Source.Database, p.Source.Name))).ToList();
        var append = _options.ExistingTables == ExistingTablePolicy.Append;
        if (unplanned.Count > 0)
            await PrepareTargetAsync(source, target, catalog, unplanned, ct).ConfigureAwait(false);

        var rows = await TableRowEstimates.ReadAsync(source, plans.Select(static p => (p.Source.Database, p.Source.Name)), ct).ConfigureAwait(false);
        var estimates = plans.ToDictionary(static p => p, p => rows.GetValueOrDefault((p.Source.Database, p.Source.Name)));
        _metrics.AddCopyTotals(estimates.Values.Sum(), plans.Count);

        var tables = new Dictionary<CopyTablePlan, TableProgress>();
        var pending = new List<CopyChunk>();
        var earliest = (BinlogPosition?)null;
        foreach (var plan in plans)
        {
            if (!storedTables.ContainsKey((plan.Source.Database, plan.Source.Name)))
                continue;
            var chunks = storedChunks[(plan.Source.Database, plan.Source.Name)]
                .Select(c => new CopyChunk(plan, c.Chunk, ChunkBounds.Decode(c.Lower), ChunkBounds.Decode(c.Upper))
                {
                    Done = c.State == CopyProgressStore.Done,
                    RowsCopied = c.Rows,
                    ReadAt = c.ReadAt,
                })
                .ToList();
            var progress = new TableProgress(chunks.Count(static c => !c.Done), chunks.Where(static c => c.Done).Sum(static c => c.RowsCopied));
            tables[plan] = progress;
            _metrics.AddCopiedRows(progress.Rows);
            foreach (var chunk in chunks)
            {
                if (!chunk.Done)
                    pending.Add(chunk);
                else if (chunk.ReadAt is { } at)
                    earliest = Earliest(earliest, at);
            }

            if (progress.Remaining == 0)
            {
                if (storedTables[(plan.Source.Database, plan.Source.Name)].State != CopyProgressStore.Done)
                    await target.ExecuteAsync(CopyProgressStore.TableDoneSql(_options.Task, plan), ct).ConfigureAwait(false);
                _metrics.TableCopied();
            }
        }

        if (pending.Count == 0 && unplanned.Count == 0)
        {
            _logger.LogInformation("Full copy of task {Task}: every chunk was copied before; nothing to do", _options.Task);
            return new FullCopyResult(earliest ?? await SourceStatus.CurrentPositionAsync(source, ct).ConfigureAwait(false), schemas, 0, catalog);
        }

        if (resumed)
            _logger.LogInformation("Full copy of task {Task} resumes: {Pending} chunk(s) left, read on a new snapshot", _options.Task, pending.Count);

        var copied = await CopyOnSnapshotAsync(unplanned, pending, tables, estimates, replace: append || resumed, () => LoadCatalogAsync(source, ct), catalog, ct).ConfigureAwait(false);
        return new FullCopyResult(Earliest(earliest, copied.Position), schemas, copied.Rows, catalog);
    }

    private Task<SchemaCatalog> LoadCatalogAsync(MySqlConnection source, CancellationToken ct) =>
        SchemaLoader.LoadAsync(source, (db, table) => !SchemaLoader.SystemSchemas.Contains(db) && _options.Tables.Includes(db, table), ct);

    private async Task<(BinlogPosition Position, long Rows)> CopyOnSnapshotAsync(
        List<CopyTablePlan> unplanned, List<CopyChunk> pending, Dictionary<CopyTablePlan, TableProgress> tables,
        Dictionary<CopyTablePlan, long> estimates, bool replace, Func<Task<SchemaCatalog>> reload, SchemaCatalog plannedCatalog, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var snapshot = await SnapshotOpener.OpenAsync(_options, _options.Threads, _logger, ct).ConfigureAwait(false);
        await using (snapshot.ConfigureAwait(false))
        {
            // The schema was read before the snapshot: a DDL in between would make the copy and the stream's starting
            // schema disagree with the rows. Read it again now that the snapshot stands, and stop if anything moved.
            if (SchemaFingerprint.Of(await reload().ConfigureAwait(false)) != SchemaFingerprint.Of(plannedCatalog))
            {
                throw new TandemException(
                    $"the source's tables changed (a DDL ran) while the copy of task {_options.Task} was starting",
                    "run the task again: it starts the copy over from a new snapshot");
            }

            _logger.LogInformation("Full copy of task {Task}: snapshot of {Source} at {Position} (GTIDs {Gtids}) on {Threads} connection(s)",
                _options.Task, _options.Source.DisplayName, snapshot.Position, snapshot.Position.Gtids, snapshot.Count);

            var workers = new ChunkWorker[snapshot.Count];
            try
            {
                for (var i = 0; i < workers.Length; i++)
                    workers[i] = await ChunkWorker.OpenAsync(_options, snapshot, i, replace, ct).ConfigureAwait(false);

                // Plans are made inside the snapshot, so its chunks hold exactly the snapshot's rows.
                var toPlan = new ConcurrentQueue<CopyTablePlan>(unplanned);
                var planned = new ConcurrentBag<CopyChunk>();
                using var saving = new SemaphoreSlim(1);
                await RunAllAsync(workers.Length, async (i, token) =>
                {
                    while (toPlan.TryDequeue(out var table))
                    {
                        var chunks = await ChunkPlanner.PlanAsync(snapshot.Connection(i), snapshot.ConnectionId(i), table, _options.ChunkRows, token).ConfigureAwait(false);
                        // One plan stored at a time: concurrent inserts into neighbouring copy_chunk keys can deadlock on gap locks.
                        await saving.WaitAsync(token).ConfigureAwait(false);
                        try
                        {
                            await CopyProgressStore.SavePlanAsync(workers[i].Target, _options.Task, table, chunks, estimates.GetValueOrDefault(table), token).ConfigureAwait(false);
                        }
                        finally
                        {
                            saving.Release();
                        }
                        foreach (var chunk in chunks)
                            planned.Add(chunk);
                    }
                }, ct).ConfigureAwait(false);

                lock (tables)
                {
                    foreach (var group in planned.GroupBy(static c => c.Table))
                        tables[group.Key] = new TableProgress(group.Count(), 0);
                }

                // Chunk 0 of every table, then chunk 1 of every table...: workers spread over tables, not on one.
                var queue = new ConcurrentQueue<CopyChunk>(pending.Concat(planned)
                    .OrderBy(static c => c.Index).ThenBy(static c => c.Table.Source.Database, StringComparer.Ordinal).ThenBy(static c => c.Table.Source.Name, StringComparer.Ordinal));
                long rows = 0;
                await RunAllAsync(workers.Length, async (i, token) =>
                {
                    while (queue.TryDequeue(out var chunk))
                    {
                        var written = await workers[i].CopyAsync(chunk, token).ConfigureAwait(false);
                        Interlocked.Add(ref rows, written);
                        _metrics.AddCopiedRows(written);
                        var progress = tables[chunk.Table];
                        if (progress.ChunkDone(written))
                        {
                            await workers[i].Target.ExecuteAsync(CopyProgressStore.TableDoneSql(_options.Task, chunk.Table), token).ConfigureAwait(false);
                            _metrics.TableCopied();
                            _logger.LogInformation("Copied {Table} to {Target}: {Rows} rows, {Seconds:0.0} s after the copy started",
                                chunk.Table.Source.QualifiedName, $"{chunk.Table.TargetDatabase}.{chunk.Table.TargetTable}", progress.Rows, started.Elapsed.TotalSeconds);
                        }
                    }
                }, ct).ConfigureAwait(false);

                _logger.LogInformation("Full copy of task {Task}: {Rows} rows in {Seconds:0.0} s ({RowsPerSecond:0} rows/s)",
                    _options.Task, rows, started.Elapsed.TotalSeconds, rows / Math.Max(started.Elapsed.TotalSeconds, 0.001));
                return (snapshot.Position, rows);
            }
            finally
            {
                foreach (var worker in workers)
                {
                    if (worker is not null)
                        await worker.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Runs <paramref name="count"/> loops; the first failure stops the others and is rethrown.</summary>
    private static async Task RunAllAsync(int count, Func<int, CancellationToken, Task> loop, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Exception? first = null;
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            try
            {
                await loop(i, stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The others fail next, of the cancellation this causes: the first failure is the one to report.
                if (!stop.IsCancellationRequested)
                    Interlocked.CompareExchange(ref first, ex, null);
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            ct.ThrowIfCancellationRequested();
            if (first is not null)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            throw;
        }
    }

    private CopyTablePlan Plan(TableSchema table)
    {
        var (database, name) = _options.Router.Map(table.Database, table.Name);
        return new CopyTablePlan(table, database, name, ReplicationKey.Choose(table));
    }

    private void RefuseKeyless(List<TableSchema> tables)
    {
        if (_options.AllowFullRowMatch)
            return;
        var keyless = tables.Where(static t => ReplicationKey.Choose(t) is null).Select(static t => t.QualifiedName).ToList();
        if (keyless.Count > 0)
            throw new KeylessTablesException(keyless);
    }

    private async Task PrepareTargetAsync(MySqlConnection source, MySqlConnection target, SchemaCatalog catalog, List<CopyTablePlan> tables, CancellationToken ct)
    {
        var nonEmpty = await TargetTables.NonEmptyAsync(target, tables, ct).ConfigureAwait(false);
        if (nonEmpty.Count > 0)
        {
            switch (_options.ExistingTables)
            {
                case ExistingTablePolicy.Fail:
                    throw new ExistingTargetTablesException([.. nonEmpty.Select(static t => $"{t.TargetDatabase}.{t.TargetTable}")]);
                case ExistingTablePolicy.Truncate:
                    foreach (var table in nonEmpty)
                    {
                        _logger.LogWarning("Emptying target table {Table} before the copy (existing_tables: truncate)", $"{table.TargetDatabase}.{table.TargetTable}");
                        await target.ExecuteAsync($"TRUNCATE TABLE {table.TargetName}", ct).ConfigureAwait(false);
                    }

                    break;
                case ExistingTablePolicy.Append:
                    _logger.LogInformation("Copying over the rows already in {Tables} (existing_tables: append)", string.Join(", ", nonEmpty.Select(static t => $"{t.TargetDatabase}.{t.TargetTable}")));
                    break;
            }
        }

        await TargetTables.CreateAsync(source, target, catalog, tables, ct).ConfigureAwait(false);
    }

    private static BinlogPosition Earliest(BinlogPosition? current, BinlogPosition candidate) =>
        current is null || candidate.FilePosition < current.FilePosition ? candidate : current;

    /// <summary>Chunks left and rows copied of one table, updated by any worker.</summary>
    private sealed class TableProgress(int remaining, long rows)
    {
        private int _remaining = remaining;
        private long _rows = rows;

        public int Remaining => Volatile.Read(ref _remaining);

        public long Rows => Interlocked.Read(ref _rows);

        /// <summary>Counts a finished chunk; true for the table's last.</summary>
        public bool ChunkDone(long rows)
        {
            Interlocked.Add(ref _rows, rows);
            return Interlocked.Decrement(ref _remaining) == 0;
        }
    }
}
