using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Core.Model;
using Tandem.Core.Replication;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;

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
        _dispatcher = new CausalityDispatcher(options.Writers);
        _workers = new SinkWorker[options.Writers];
        _ddl = new SinkDdl(options.Router, resumedFrom, logger);
    }

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

        var meta = await SinkConnection.OpenAsync(options.Target with { BlockingIo = false }, ct).ConfigureAwait(false);
        MySqlSink? sink = null;
        try
        {
            await TaskStateStore.EnsureSchemaAsync(meta.Connection, ct).ConfigureAwait(false);
            var resumedFrom = await CheckpointStore.ReadAsync(meta.Connection, options.Task, ct).ConfigureAwait(false);
            var maxPacket = await meta.MaxAllowedPacketAsync(ct).ConfigureAwait(false);
            sink = new MySqlSink(options, metrics, logger, meta, maxPacket, resumedFrom);
            for (var i = 0; i < options.Writers; i++)
            {
                var connection = await SinkConnection.OpenAsync(options.Target with { BlockingIo = options.BlockingWriters }, ct).ConfigureAwait(false);
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

    /// <summary>Fails the sink with a writer's error: the next SubmitAsync or FlushAsync throws it.</summary>
    internal void Fail(Exception error)
    {
        lock (Gate)
            _failure ??= error is TandemException ? error : new TandemException($"the apply failed: {error.Message}", "this is a bug in Tandem; please report it with the log", error);
        Logger.LogError(error, "apply failed: {Reason}", error.Message);
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
            if (IsMeta(row.Table.Database))
                continue;
            var table = TableFor(row.Table);
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
        try
        {
            await ApplyBarrierAsync(transaction, position, sequence, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Abandon(sequence);
            throw;
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
            var retry = new SinkRetry(Options.RetryFor);
            var attempt = 0;
            while (true)
            {
                attempt++;
                try
                {
                    rows = await StreamAloneAsync(transaction, position, replayedDdl: attempt > 1, ct).ConfigureAwait(false);
                    break;
                }
                catch (SinkApplyException ex) when (ex.IsTransient && retry.ShouldRetry() && !ct.IsCancellationRequested)
                {
                    await _meta.RollbackQuietlyAsync().ConfigureAwait(false);
                    Logger.LogWarning("applying the transaction at {Position} alone: {Reason}; retrying in {Delay}", position, ex.Message, retry.Delay);
                    await retry.WaitAsync(ct).ConfigureAwait(false);
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
        var builder = new BatchBuilder(_maxPacket);
        var where = position.ToString();
        long rows = 0;
        await _meta.EnsureSessionAsync(ct).ConfigureAwait(false);
        builder.Begin();
        await foreach (var change in transaction.ReadChangesAsync(ct).ConfigureAwait(false))
        {
            if (change is DdlChange ddl)
            {
                builder.Commit();
                await SendAsync(builder, where, ct).ConfigureAwait(false);
                await _ddl.ApplyAsync(_meta, ddl, position, replayedDdl, _firstSinceResume, ct).ConfigureAwait(false);
                builder.Begin();
                continue;
            }

            var row = (RowChange)change;
            if (IsMeta(row.Table.Database))
                continue;
            var table = TableFor(row.Table);
            ImageCheck.Check(row, position);
            builder.Add(table, row);
            rows++;
            if (builder.MergedRows >= Options.BatchRows)
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

        builder.FlushMerged();
        builder.AddStatement(CheckpointStore.UpsertSql(Options.Task, MetaWriter, position, transaction.CommitTime), "tandem_meta.checkpoint");
        builder.Commit();
        await SendAsync(builder, where, ct).ConfigureAwait(false);
        return rows;
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
                if (position is null || _persisted >= new BinlogFilePosition(position.File, position.Offset))
                    return;
            }

            var retry = new SinkRetry(Options.RetryFor);
            while (true)
            {
                try
                {
                    await _meta.EnsureSessionAsync(ct).ConfigureAwait(false);
                    await _meta.ExecuteAsync(new SqlChunk(CheckpointStore.UpsertSql(Options.Task, MetaWriter, position, time), ["tandem_meta.checkpoint"]), position.ToString(), ct).ConfigureAwait(false);
                    break;
                }
                catch (SinkApplyException ex) when (ex.IsTransient && retry.ShouldRetry() && !ct.IsCancellationRequested)
                {
                    await retry.WaitAsync(ct).ConfigureAwait(false);
                }
            }

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
        if (checkpoint is not null && (_persisted is not { } furthest || new BinlogFilePosition(checkpoint.File, checkpoint.Offset) > furthest))
            _persisted = new BinlogFilePosition(checkpoint.File, checkpoint.Offset);
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
                Logger.LogWarning("could not store the checkpoint: {Reason}", ex.Message);
            }
        }
    }

    private SinkTable TableFor(TableSchema schema)
    {
        // Called from SubmitAsync only (one caller at a time); writers read SinkTable objects, never this map.
        if (_tables.TryGetValue(schema, out var table))
            return table;
        table = SinkTable.Create(schema, Options.Router);
        if (table.FullRowMatch && !Options.AllowFullRowMatch)
        {
            throw new TandemException(
                $"{schema.QualifiedName} has neither a primary key nor a unique key over NOT NULL columns, so its rows cannot be matched on the target",
                "add a primary key to the table on the source, or set full_row_match: true in the task to match such rows on all their columns (slower, and a replay after a crash may duplicate rows)");
        }

        _tables.Add(schema, table);
        return table;
    }

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
