using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Core.Model;
using Tandem.Core.Replication;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema.Collations;
using Tandem.MySql.Sink.Links;

namespace Tandem.MySql.Sink;

/// <summary>
/// Applies a change stream to a MySQL-family target, in parallel and idempotently. Each submitted transaction gets a
/// sequence number and the set of its row keys; the <see cref="CausalityDispatcher"/> sends it to the writer that holds
/// unfinished transactions touching the same keys (so they stay in commit order), or to the least loaded writer. Writers
/// merge their batches into final row states and commit them together with their checkpoint row. DDL and transactions
/// too large for memory are barriers: all writers drain, the transaction is applied alone, streamed from the source's
/// buffer. The checkpoint is the low watermark: every transaction up to it is committed.
/// </summary>
public sealed class MySqlSink : IAsyncDisposable
{
    private readonly SinkConnection _meta;
    private readonly SemaphoreSlim _metaLock = new(1, 1);
    private readonly SinkWorker[] _workers;
    private readonly CausalityDispatcher _dispatcher;
    private readonly CommitWatermark<BinlogPosition> _watermark = new();
    private readonly Dictionary<TableSchema, SinkTable> _tables = new(ReferenceEqualityComparer.Instance);
    private readonly ReplicationMetrics _metrics;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _largeBytes;
    private readonly long _maxPacket;
    private readonly BinlogPosition? _resumedFrom;
    private long _submitted;
    private long? _abandonedFrom;
    private bool _firstSinceResume;
    private readonly SinkDdl _ddl;
    private readonly KeyFolds _folds;
    private Task _ticker = Task.CompletedTask;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // The furthest checkpoint written to the target, by any writer or by the idle tick. Kept as a position, not a
    // watermark sequence: an empty transaction joins the complete entry before it, so one sequence can stand for a
    // position a writer already stored and then for a later one that still has to be.
    private BinlogFilePosition? _persisted;
    private long _inFlightBytes;
    private Exception? _failure;
    private bool _disposed;

    private MySqlSink(MySqlSinkOptions options, ReplicationMetrics metrics, ILogger logger, SinkConnection meta, long maxPacket, BinlogPosition? resumedFrom)
    {
        Options = options;
        _metrics = metrics;
        Logger = logger;
        _meta = meta;
        _maxPacket = maxPacket;
        _resumedFrom = resumedFrom;
        _largeBytes = Math.Max(1, options.MemoryBudgetBytes / 4);
        Retry = options.Retry ?? new TargetRetry(options.Target.DisplayName, metrics, logger);
        _dispatcher = new CausalityDispatcher(options.Writers);
        _workers = new SinkWorker[options.Writers];
        _ddl = new SinkDdl(options.Router, resumedFrom, logger) { Marker = options.Link?.DdlMarker };
        _folds = new KeyFolds(options.Target, logger);
        if (options.Link is { } link)
            Conflicts = new ConflictCheck(link, BatchBuilder.MaxChunkChars(maxPacket));
    }

    /// <summary>A link's conflict check (writers share it: it holds no state between calls); null for a one-way task.</summary>
    internal ConflictCheck? Conflicts { get; }

    /// <summary>The low watermark known committed on the target: resuming after it loses and repeats nothing that matters.</summary>
    /// <summary>The error that stopped the sink, or null while it works; the next call rethrows it.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    public BinlogPosition? Checkpoint
    {
        get
        {
            lock (Gate)
                return _watermark.Position ?? _resumedFrom;
        }
    }

    /// <summary>Source commit time of the oldest submitted transaction not yet committed on the target; null when none.</summary>
    public DateTimeOffset? OldestPendingCommitTime
    {
        get
        {
            lock (Gate)
                return _watermark.OldestPendingCommitTime;
        }
    }

    internal MySqlSinkOptions Options { get; }

    internal ILogger Logger { get; }

    /// <summary>How every operation on the target waits out its transient errors.</summary>
    internal TargetRetry Retry { get; }

    /// <summary>Guards the dispatcher, the watermark, the writers' queues and the in-flight accounting.</summary>
    internal object Gate { get; } = new();

    /// <summary>The checkpoint the task stored before this sink opened (where its capture should resume), or null.</summary>
    internal BinlogPosition? ResumedFrom => _resumedFrom;

    /// <summary>The writer index of checkpoint rows the sink writes outside the writers (barriers, idle watermark moves).</summary>
    private int MetaWriter => Options.Writers;

    public static async Task<MySqlSink> OpenAsync(MySqlSinkOptions options, ReplicationMetrics metrics, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.Writers is < 1 or > 64)
            throw new TandemException($"the apply cannot run with {options.Writers} writers", "set writer threads between 1 and 64");
        if (options.BatchRows < 1)
            throw new TandemException($"the apply batch cannot hold {options.BatchRows} rows", "set batch rows to 1 or more");

        var setup = options.Link is { NativeTagging: true } ? await NativeTaggingAsync(options.Target, logger, ct).ConfigureAwait(false) : null;
        var meta = await SinkConnection.OpenAsync(options.Target with { BlockingIo = false }, ct, setup).ConfigureAwait(false);
        MySqlSink? sink = null;
        try
        {
            await TaskStateStore.EnsureSchemaAsync(meta.Connection, ct).ConfigureAwait(false);
            var resumedFrom = await CheckpointStore.ReadAsync(meta.Connection, options.Task, ct).ConfigureAwait(false);
            var maxPacket = await meta.MaxAllowedPacketAsync(ct).ConfigureAwait(false);
            sink = new MySqlSink(options, metrics, logger, meta, maxPacket, resumedFrom);
            for (var i = 0; i < options.Writers; i++)
            {
                var connection = await SinkConnection.OpenAsync(options.Target with { BlockingIo = options.BlockingWriters }, ct, setup).ConfigureAwait(false);
                sink._workers[i] = new SinkWorker(sink, i, connection, maxPacket, sink._stop.Token);
            }

            foreach (var worker in sink._workers)
                worker.Start();
            sink._ticker = sink.TickAsync();
            logger.LogInformation(
                "applying to {Target} with {Writers} writers, batches of {BatchRows} rows; checkpoint {Checkpoint}",
                options.Target.DisplayName, options.Writers, options.BatchRows, resumedFrom?.ToString() ?? "none");
            return sink;
        }
        catch
        {
            if (sink is not null)
                await sink.DisposeAsync().ConfigureAwait(false);
            else
                await meta.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// MariaDB tags the events of a session with @@skip_replication = 1; a link's captures then know the changes as
    /// applied by Tandem even without the mark row. Setting it needs a privilege the target may not grant: then the
    /// mark rows alone do the work.
    /// </summary>
    private static async Task<string?> NativeTaggingAsync(MySqlConnectionOptions target, ILogger logger, CancellationToken ct)
    {
        const string Setup = "SET SESSION skip_replication = 1";
        var probe = await MySqlConnection.OpenAsync(target with { Database = null }, ct).ConfigureAwait(false);
        await using (probe.ConfigureAwait(false))
        {
            try
            {
                await probe.ExecuteAsync(Setup, ct).ConfigureAwait(false);
                return Setup;
            }
            catch (MySqlServerException ex)
            {
                logger.LogInformation("{Target} does not tag changes natively ({Reason}); the link's mark rows alone keep them from looping", target.DisplayName, ex.Message);
                return null;
            }
        }
    }

    /// <summary>The statement that bumps this sink's mark row for <paramref name="writer"/>, or null for a one-way task.</summary>
    internal string? MarkSql(int writer) =>
        Options.Link is { } link ? LinkMetaTables.BumpMarkSql(link.Channel, Options.Task, writer, link.Origin) : null;

    /// <summary>
    /// Accepts the next transaction in source commit order, empty ones included (they only move the checkpoint). Returns
    /// once <paramref name="transaction"/> is no longer needed: its changes materialized, or applied when it is large or
    /// holds DDL. Throws the first apply error.
    /// </summary>
    public async ValueTask SubmitAsync(Transaction transaction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        _firstSinceResume = _submitted++ == 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfFailed();
        var position = (BinlogPosition)transaction.Position;
        if (transaction.SizeBytes > _largeBytes)
        {
            await ApplyAloneAsync(transaction, position, ct).ConfigureAwait(false);
            return;
        }

        // Bounded memory: wait for writers to commit while what is in flight would exceed the budget.
        await WaitUntilAsync(() => _inFlightBytes == 0 || _inFlightBytes + transaction.SizeBytes <= Options.MemoryBudgetBytes, ct).ConfigureAwait(false);
        var pending = await MaterializeAsync(transaction, position, ct).ConfigureAwait(false);
        if (pending is null)
        {
            await ApplyAloneAsync(transaction, position, ct).ConfigureAwait(false);
            return;
        }

        if (pending.Rows.Count == 0)
        {
            lock (Gate)
                _watermark.AddComplete(position, transaction.CommitTime);
            return;
        }

        var keys = new HashSet<ulong>();
        foreach (var (table, change) in pending.Rows)
        {
            table.Keys.AddConflictKeys(change.Before, keys);
            table.Keys.AddConflictKeys(change.After, keys);
        }

        long sequence;
        lock (Gate)
            sequence = _watermark.Add(position, transaction.CommitTime);
        var ready = new PendingTransaction
        {
            Sequence = sequence,
            Position = position,
            CommitTime = transaction.CommitTime,
            Rows = pending.Rows,
            Bytes = pending.Bytes,
        };
        _metrics.AddQueuedBytes(ready.Bytes);
        try
        {
            await WaitUntilAsync(() => TryDispatch(ready, keys), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _metrics.AddQueuedBytes(-ready.Bytes);
            Abandon(sequence);
            throw;
        }
    }

    /// <summary>Waits until everything submitted is committed on the target together with the checkpoint.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await WaitUntilAsync(() => _abandonedFrom is { } abandoned ? _watermark.Sequence >= abandoned - 1 : _watermark.AllComplete, ct).ConfigureAwait(false);
        await PersistWatermarkAsync(ct).ConfigureAwait(false);
        ThrowIfFailed();
    }

    /// <summary>
    /// A stop cut this transaction's submission short: it will never commit, so a flush waits only for what came before
    /// it (the watermark never passes it, and the restart reads it again).
    /// </summary>
    private void Abandon(long sequence)
    {
        lock (Gate)
            _abandonedFrom = Math.Min(_abandonedFrom ?? long.MaxValue, sequence);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _ticker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        foreach (var worker in _workers)
        {
            if (worker is null)
                continue;
            await Task.Run(() => worker.Join(TimeSpan.FromSeconds(30))).ConfigureAwait(false);
            await worker.Connection.DisposeAsync().ConfigureAwait(false);
        }

        await _meta.DisposeAsync().ConfigureAwait(false);
        await _folds.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _metaLock.Dispose();
    }

    /// <summary>The checkpoint a writer may store with a batch completing <paramref name="sequences"/>.</summary>
    internal (BinlogPosition? Position, DateTimeOffset? CommitTime) WatermarkWith(IReadOnlyList<long> sequences)
    {
        lock (Gate)
        {
            var (_, position, time) = _watermark.WatermarkWith(sequences);
            return (position ?? _resumedFrom, time);
        }
    }

    /// <summary>A writer committed <paramref name="batch"/> together with the checkpoint <paramref name="checkpoint"/> (null: none).</summary>
    internal void Committed(int worker, List<PendingTransaction> batch, int rows, BinlogPosition? checkpoint)
    {
        long bytes = 0;
        lock (Gate)
        {
            foreach (var transaction in batch)
            {
                _watermark.Complete(transaction.Sequence);
                bytes += transaction.Bytes;
            }

            _dispatcher.Finished(worker, batch[^1].Sequence, rows);
            _inFlightBytes -= bytes;
            Persisted(checkpoint);
        }

        _metrics.AddQueuedBytes(-bytes);
        _metrics.AddApplied(rows, batch.Count, batch.Max(static t => t.CommitTime));
        Pulse();
    }

    /// <summary>Reports what a link's committed batch carried: the conflicts it met and the heartbeats it applied.</summary>
    internal void LinkCommitted(IReadOnlyList<PendingTransaction> batch, ConflictOutcome outcome)
    {
        var link = Options.Link!;
        foreach (var conflict in outcome.Conflicts)
        {
            _metrics.AddConflict(conflict.Decision == Core.Replication.Conflicts.ConflictDecision.Skip);
            link.ConflictMet?.Invoke(conflict);
        }

        if (link.HeartbeatApplied is not { } applied)
            return;
        foreach (var transaction in batch)
        {
            foreach (var (_, change) in transaction.Rows)
            {
                if (LinkMetaTables.IsHeartbeat(change.Table) && change.After is { } beat)
                {
                    applied(new HeartbeatArrival(
                        Convert.ToInt64(beat[LinkMetaTables.HeartbeatBeat], System.Globalization.CultureInfo.InvariantCulture),
                        DateTimeOffset.UnixEpoch.AddTicks(Convert.ToInt64(beat[LinkMetaTables.HeartbeatWrittenMicros], System.Globalization.CultureInfo.InvariantCulture) * 10)));
                }
            }
        }
    }

    /// <summary>
    /// A conflict under the stop policy: rolls back the transaction that met it, records the conflicts in a transaction
    /// of their own, reports them, and returns the error to throw.
    /// </summary>
    internal async Task<ConflictStopException> StopForConflictAsync(SinkConnection connection, ConflictRecord stop, ConflictOutcome outcome, CancellationToken ct)
    {
        await connection.RollbackQuietlyAsync().ConfigureAwait(false);
        if (Conflicts!.LogSql(Options.Task, outcome) is { } log)
            await connection.ExecuteAsync(new SqlChunk(log, ["tandem_meta.conflicts"]), stop.SourcePosition, ct).ConfigureAwait(false);
        LinkCommitted([], outcome);
        return new ConflictStopException(stop, Options.Link!.TargetServer);
    }

    /// <summary>Fails the sink with a writer's error: the next SubmitAsync or FlushAsync throws it.</summary>
    internal void Fail(Exception error)
    {
        bool first;
        lock (Gate)
        {
            first = _failure is null;
            _failure ??= error is TandemException ? error : new TandemException($"the apply failed: {error.Message}", "this is a bug in Tandem; please report it with the log", error);
        }

        // The first failure is the task's error, which its runner reports (message and hint); the details are for -v.
        Logger.LogDebug(error, first ? "apply failed: {Reason}" : "apply failed again (the first failure is the one reported): {Reason}", error.Message);
        Pulse();
    }

    private bool TryDispatch(PendingTransaction transaction, HashSet<ulong> keys)
    {
        // Called under the gate.
        if (_dispatcher.TryAssign(transaction.Sequence, keys, transaction.Rows.Count) is not { } worker)
            return false;
        _inFlightBytes += transaction.Bytes;
        _workers[worker].Enqueue(transaction);
        return true;
    }

    /// <summary>Reads a transaction's changes into memory; null when it must be applied alone (DDL, or too large).</summary>
    private async Task<PendingTransaction?> MaterializeAsync(Transaction transaction, BinlogPosition position, CancellationToken ct)
    {
        var rows = new List<(SinkTable, RowChange)>();
        long bytes = 0;
        await foreach (var change in transaction.ReadChangesAsync(ct).ConfigureAwait(false))
        {
            if (change is not RowChange row)
                return null;
            if (!Applies(row))
                continue;
            var table = await TableForAsync(row.Table, ct).ConfigureAwait(false);
            bytes += ImageCheck.Check(row, position);
            rows.Add((table, row));
            if (bytes > _largeBytes)
                return null;
        }

        return new PendingTransaction { Sequence = 0, Position = position, CommitTime = transaction.CommitTime, Rows = rows, Bytes = bytes };
    }

    /// <summary>
    /// A barrier: waits for every writer to drain, then applies the transaction alone on the sink's own connection,
    /// streaming its changes (never all in memory), DDL in place, with the checkpoint in the last target transaction.
    /// </summary>
    private async Task ApplyAloneAsync(Transaction transaction, BinlogPosition position, CancellationToken ct)
    {
        long sequence;
        lock (Gate)
            sequence = _watermark.Add(position, transaction.CommitTime);

        // Read and not yet committed: queued like any other, so the status line shows it while it is written.
        _metrics.AddQueuedBytes(transaction.SizeBytes);
        try
        {
            await ApplyBarrierAsync(transaction, position, sequence, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Abandon(sequence);
            throw;
        }
        finally
        {
            _metrics.AddQueuedBytes(-transaction.SizeBytes);
        }
    }

    private async Task ApplyBarrierAsync(Transaction transaction, BinlogPosition position, long sequence, CancellationToken ct)
    {
        await WaitUntilAsync(() => _dispatcher.IsDrained, ct).ConfigureAwait(false);

        // Everything before the barrier is committed: store that first, so a crash after a DDL (which commits on its
        // own) resumes right at the DDL and replays nothing written for tables it renamed or dropped.
        await PersistWatermarkAsync(ct).ConfigureAwait(false);
        await _metaLock.WaitAsync(ct).ConfigureAwait(false);
        long rows = 0;
        try
        {
            using var attempts = Retry.Start($"the transaction at {position}, applied alone");
            var attempt = 0;
            while (true)
            {
                attempt++;
                try
                {
                    rows = await StreamAloneAsync(transaction, position, replayedDdl: attempt > 1, ct).ConfigureAwait(false);
                    attempts.Succeeded();
                    break;
                }
                catch (TandemException ex) when (ex.IsTransient && !ct.IsCancellationRequested)
                {
                    await _meta.RollbackQuietlyAsync().ConfigureAwait(false);
                    attempts.Failed(ex);
                    await attempts.WaitAsync(ct).ConfigureAwait(false);
                }
                catch (SinkApplyException)
                {
                    await _meta.RollbackQuietlyAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The transaction this barrier opened on the sink's connection must not stay open for the ticker's writes.
            await _meta.RollbackQuietlyAsync().ConfigureAwait(false);
            throw;
        }
        catch (TandemException ex)
        {
            Fail(ex);
            throw;
        }
        finally
        {
            _metaLock.Release();
        }

        lock (Gate)
        {
            _watermark.Complete(sequence);
            Persisted(position);
        }

        if (rows > 0)
            _metrics.AddApplied(rows, 1, transaction.CommitTime);
        Pulse();
    }

    private async Task<long> StreamAloneAsync(Transaction transaction, BinlogPosition position, bool replayedDdl, CancellationToken ct)
    {
        var where = position.ToString();
        var builder = new BatchBuilder(_maxPacket) { Where = where };
        var flushChars = BatchBuilder.MaxChunkChars(_maxPacket);
        long rows = 0;

        // A link checks each group of rows against the target before writing it, in the same target transaction.
        var linked = Conflicts is not null ? new List<Links.LinkChange>() : null;
        var met = new ConflictOutcome();
        await _meta.EnsureSessionAsync(ct).ConfigureAwait(false);
        builder.Begin();
        var mark = MarkSql(MetaWriter);
        if (mark is not null)
            builder.AddStatement(mark, "tandem_meta.mark");
        await foreach (var change in transaction.ReadChangesAsync(ct).ConfigureAwait(false))
        {
            if (change is DdlChange ddl)
            {
                await WriteLinkedAsync(builder, linked, met, where, ct).ConfigureAwait(false);
                builder.Commit();
                await SendAsync(builder, where, ct).ConfigureAwait(false);
                await _ddl.ApplyAsync(_meta, ddl, position, replayedDdl, _firstSinceResume, ct).ConfigureAwait(false);
                builder.Begin();
                if (mark is not null)
                    builder.AddStatement(mark, "tandem_meta.mark");
                continue;
            }

            if (change is SkippedStatement skipped)
            {
                builder.AddStatement(SkippedStatementStore.InsertSql(Options.Task, skipped.Database, skipped.Statement, position, transaction.Gtid, transaction.CommitTime), "tandem_meta.skipped_statement");
                Logger.LogWarning(
                    "task {Task}: skipped a data change the source logged as a statement (statement_events: skip), at {Position}{Gtid}: {Statement}; recorded in tandem_meta.skipped_statement: make the tables it changed equal with `tandem verify --task ... --fix`",
                    Options.Task, position, transaction.Gtid is { } gtid ? $" ({gtid})" : string.Empty, skipped.Statement.Length <= 200 ? skipped.Statement : string.Concat(skipped.Statement.AsSpan(0, 197), "..."));
                continue;
            }

            var row = (RowChange)change;
            if (!Applies(row))
                continue;
            var table = await TableForAsync(row.Table, ct).ConfigureAwait(false);
            ImageCheck.Check(row, position);
            rows++;
            if (linked is not null)
            {
                linked.Add(new Links.LinkChange(table, row, position, transaction.CommitTime));
                if (linked.Count >= Options.BatchRows)
                    await WriteLinkedAsync(builder, linked, met, where, ct).ConfigureAwait(false);
                continue;
            }

            builder.Add(table, row);

            // Rows streamed from a large transaction are held only until they fill a chunk, however few they are.
            if (builder.MergedRows >= Options.BatchRows || builder.MergedChars >= flushChars)
            {
                builder.FlushMerged();
                builder.Seal();
                await SendAsync(builder, where, ct).ConfigureAwait(false);
            }
            else if (builder.HasReady)
            {
                // Tables matched on all columns write a statement per change, which fills chunks without merging.
                await SendAsync(builder, where, ct).ConfigureAwait(false);
            }
        }

        await WriteLinkedAsync(builder, linked, met, where, ct).ConfigureAwait(false);
        builder.FlushMerged();
        builder.AddStatement(CheckpointStore.UpsertSql(Options.Task, MetaWriter, position, transaction.CommitTime), "tandem_meta.checkpoint");
        builder.Commit();
        await SendAsync(builder, where, ct).ConfigureAwait(false);
        if (linked is not null)
            LinkCommitted([], met);
        return rows;
    }

    /// <summary>Checks the gathered rows of a link against the target (sending the open transaction's statements first), then writes those that go.</summary>
    private async Task WriteLinkedAsync(BatchBuilder builder, List<Links.LinkChange>? linked, ConflictOutcome met, string where, CancellationToken ct)
    {
        if (linked is not { Count: > 0 })
            return;
        builder.Seal();
        await SendAsync(builder, where, ct).ConfigureAwait(false);
        var outcome = await Conflicts!.RunAsync(_meta, linked, where, ct).ConfigureAwait(false);
        met.Conflicts.AddRange(outcome.Conflicts);
        if (outcome.Stop is { } stop)
            throw await StopForConflictAsync(_meta, stop, outcome, ct).ConfigureAwait(false);

        foreach (var item in linked)
        {
            if (!outcome.Skipped.Contains(item.Change))
                builder.Add(item.Table, item.Change);
        }

        builder.FlushMerged();
        if (Conflicts.LogSql(Options.Task, outcome) is { } log)
            builder.AddStatement(log, "tandem_meta.conflicts");
        builder.Seal();
        await SendAsync(builder, where, ct).ConfigureAwait(false);
        linked.Clear();
    }

    private async Task SendAsync(BatchBuilder builder, string where, CancellationToken ct)
    {
        foreach (var chunk in builder.TakeReady())
            await _meta.ExecuteAsync(chunk, where, ct).ConfigureAwait(false);
    }

    /// <summary>Stores the low watermark when it moved past what any checkpoint row holds.</summary>
    private async Task PersistWatermarkAsync(CancellationToken ct)
    {
        await _metaLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            BinlogPosition? position;
            DateTimeOffset? time;
            lock (Gate)
            {
                (position, time) = (_watermark.Position, _watermark.CommitTime);
                if (position is null || _persisted >= position.FilePosition)
                    return;
            }

            await Retry.RunAsync("the checkpoint", async token =>
            {
                await _meta.EnsureSessionAsync(token).ConfigureAwait(false);
                var checkpoint = CheckpointStore.UpsertSql(Options.Task, MetaWriter, position, time);
                var chunk = MarkSql(MetaWriter) is { } mark
                    ? new SqlChunk($"BEGIN;\n{checkpoint};\n{mark};\nCOMMIT", ["BEGIN", "tandem_meta.checkpoint", "tandem_meta.mark", "COMMIT"])
                    : new SqlChunk(checkpoint, ["tandem_meta.checkpoint"]);
                await _meta.ExecuteAsync(chunk, position.ToString(), token).ConfigureAwait(false);
            }, ct, _meta.RollbackQuietlyAsync).ConfigureAwait(false);

            lock (Gate)
                Persisted(position);
        }
        finally
        {
            _metaLock.Release();
        }
    }

    /// <summary>Notes a checkpoint written to the target; call under <see cref="Gate"/>.</summary>
    private void Persisted(BinlogPosition? checkpoint)
    {
        if (checkpoint is not null && (_persisted is not { } furthest || checkpoint.FilePosition > furthest))
            _persisted = checkpoint.FilePosition;
    }

    /// <summary>Keeps the checkpoint fresh while no writer commits: idle tables, or a run of empty transactions.</summary>
    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(Options.CheckpointInterval);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            try
            {
                await PersistWatermarkAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (TandemException ex)
            {
                // Transient errors were waited out; this one is not, or the target stayed away too long.
                Fail(ex);
                return;
            }
        }
    }

    private async ValueTask<SinkTable> TableForAsync(TableSchema schema, CancellationToken ct)
    {
        // Called from SubmitAsync only (one caller at a time); writers read SinkTable objects, never this map.
        if (_tables.TryGetValue(schema, out var table))
            return table;
        var partial = Options.Link is { PartialColumns: true } && !IsMeta(schema.Database);
        var (database, name) = SinkTable.TargetOf(schema, Options.Router);
        // Tandem's own rows carry the exact values it wrote, so their keys need no collation.
        var fold = IsMeta(schema.Database) ? static _ => null : await _folds.ForTableAsync(schema, database, name, ct).ConfigureAwait(false);
        table = SinkTable.Create(schema, Options.Router, fold, partial ? await TargetColumnsAsync(schema, ct).ConfigureAwait(false) : null);
        if (table.FullRowMatch && (Options.Link is not null || !Options.AllowFullRowMatch))
        {
            throw new TandemException(
                $"{schema.QualifiedName} has neither a primary key nor a unique key over NOT NULL columns, so its rows cannot be matched on the target",
                Options.Link is not null
                    ? "a link needs a key on every table to tell its rows apart on both sides: add a primary key to the table, or leave it out of the link's tables"
                    : "add a primary key to the table on the source, or set full_row_match: true in the task to match such rows on all their columns (slower, and a replay after a crash may duplicate rows)");
        }

        _tables.Add(schema, table);
        return table;
    }

    /// <summary>Partial-column mode: the target table's columns, read once per source table version.</summary>
    private async Task<IReadOnlySet<string>> TargetColumnsAsync(TableSchema schema, CancellationToken ct)
    {
        var (database, name) = SinkTable.TargetOf(schema, Options.Router);
        var columns = await Retry.RunAsync($"reading the columns of {database}.{name}", async token =>
        {
            var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var connection = await MySqlConnection.OpenAsync(Options.Target with { Database = null, BlockingIo = false }, token).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var reader = await connection.QueryAsync(
                    $"SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = {Protocol.Values.SqlLiteral.Format(database)} AND TABLE_NAME = {Protocol.Values.SqlLiteral.Format(name)}", token).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                        found.Add(reader.GetString(0)!);
                }
            }

            return found;
        }, ct).ConfigureAwait(false);

        if (columns.Count == 0)
            throw new TandemException($"{database}.{name} does not exist on {Options.Target.DisplayName}", "create the table on the target (partial-column mode writes the columns both sides have), then resume");
        var missing = schema.Columns.Where(c => !c.IsGenerated && !columns.Contains(c.Name)).Select(static c => c.Name).ToList();
        var keys = new Core.Replication.TableKeys(schema).MatchingKey ?? [];
        if (keys.Select(k => schema.Columns[k].Name).FirstOrDefault(k => !columns.Contains(k)) is { } key)
            throw new TandemException($"{database}.{name} on {Options.Target.DisplayName} lacks the key column '{key}' of {schema.QualifiedName}", "partial-column mode leaves out other columns, never the key: add the column on the target");
        if (missing.Count > 0)
            Logger.LogWarning("partial columns: {Table} on {Target} lacks {Columns}; those source columns are not written", $"{database}.{name}", Options.Target.DisplayName, string.Join(", ", missing));
        return columns;
    }

    /// <summary>
    /// Whether the sink writes a row change: every row but Tandem's own database's, where only a heartbeat row of this
    /// sink's link is applied like data.
    /// </summary>
    private bool Applies(RowChange row) =>
        !IsMeta(row.Table.Database)
        || (Options.Link is { } link && LinkMetaTables.IsHeartbeat(row.Table) && row.After is { } after
            && string.Equals(after[LinkMetaTables.HeartbeatLink] as string, link.Link, StringComparison.Ordinal));

    private static bool IsMeta(string database) => string.Equals(database, MetaSchema.Database, StringComparison.OrdinalIgnoreCase);

    private void ThrowIfFailed()
    {
        var failure = Volatile.Read(ref _failure);
        if (failure is not null)
            throw failure;
    }

    private void Pulse()
    {
        TaskCompletionSource previous;
        lock (Gate)
        {
            previous = _progress;
            _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    /// <summary>Waits until <paramref name="condition"/> (evaluated under the gate) holds, rethrowing a writer's failure.</summary>
    private async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (true)
        {
            Task progress;
            lock (Gate)
            {
                if (_failure is not null)
                    throw _failure;
                if (condition())
                    return;
                progress = _progress.Task;
            }

            await progress.WaitAsync(ct).ConfigureAwait(false);
        }
    }
}
