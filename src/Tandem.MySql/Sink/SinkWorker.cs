using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Meta;
using Tandem.MySql.Sink.Links;

namespace Tandem.MySql.Sink;

/// <summary>
/// One writer: a dedicated thread owning one target connection. It takes whole transactions from its queue into a
/// batch (up to BatchRows row changes, or what arrived within BatchWait of the first), writes their merged final
/// state, its checkpoint row and COMMIT as one target transaction, then reports them committed.
/// </summary>
internal sealed class SinkWorker
{
    private readonly MySqlSink _sink;
    private readonly SinkConnection _connection;
    private readonly Queue<PendingTransaction> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly BatchBuilder _builder;
    private readonly Thread _thread;
    private readonly CancellationToken _stop;

    public SinkWorker(MySqlSink sink, int index, SinkConnection connection, long maxPacket, CancellationToken stop)
    {
        _sink = sink;
        Index = index;
        _connection = connection;
        _stop = stop;
        _builder = new BatchBuilder(maxPacket);
        _thread = new Thread(Run) { IsBackground = true, Name = $"tandem-writer-{index}" };
    }

    public int Index { get; }

    public SinkConnection Connection => _connection;

    public void Start() => _thread.Start();

    /// <summary>Queues a transaction; the caller holds the sink's gate.</summary>
    public void Enqueue(PendingTransaction transaction)
    {
        transaction.QueuedAt = Stopwatch.GetTimestamp();
        _queue.Enqueue(transaction);
        _available.Release();
    }

    public void Join(TimeSpan timeout)
    {
        _available.Release();
        if (_thread.IsAlive)
            _thread.Join(timeout);
    }

    private void Run()
    {
        var batch = new List<PendingTransaction>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                // Permits may outnumber queued transactions (one batch takes several), never the reverse: the queue
                // itself says whether there is work, the semaphore only wakes the thread.
                var (rows, full) = Take(batch, 0);
                if (batch.Count == 0)
                {
                    _available.Wait(_stop);
                    continue;
                }

                var deadline = batch[0].QueuedAt + (long)(_sink.Options.BatchWait.TotalSeconds * Stopwatch.Frequency);
                while (!full && rows < _sink.Options.BatchRows)
                {
                    var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                    if (remaining <= TimeSpan.Zero || !_available.Wait(remaining, _stop))
                        break;
                    (rows, full) = Take(batch, rows);
                }

                Apply(batch, rows);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The sink is closing; what is not committed is replayed from the checkpoint on the next start.
        }
        catch (Exception ex)
        {
            _sink.Fail(ex);
        }
    }

    /// <summary>Moves queued transactions into the batch while they fit; Full when the next one does not.</summary>
    private (int Rows, bool Full) Take(List<PendingTransaction> batch, int rows)
    {
        lock (_sink.Gate)
        {
            while (_queue.Count > 0)
            {
                if (batch.Count > 0 && rows + _queue.Peek().Rows.Count > _sink.Options.BatchRows)
                    return (rows, true);
                var next = _queue.Dequeue();
                batch.Add(next);
                rows += next.Rows.Count;
            }
        }

        return (rows, false);
    }

    private void Apply(List<PendingTransaction> batch, int rows)
    {
        var sequences = batch.ConvertAll(static t => t.Sequence);
        var (position, commitTime) = _sink.WatermarkWith(sequences);
        var where = batch.Count == 1 ? batch[0].Position.ToString() : $"{batch[0].Position} to {batch[^1].Position}";
        var linked = _sink.Conflicts is not null;
        var chunks = linked ? [] : Build(batch, position, commitTime, ConflictOutcome.None, begin: true, where);
        var outcome = ConflictOutcome.None;
        var retry = new SinkRetry(_sink.Options.RetryFor);
        while (true)
        {
            try
            {
                _connection.EnsureSessionAsync(_stop).GetAwaiter().GetResult();
                if (linked)
                {
                    // The check reads the target rows FOR UPDATE in the transaction that then writes the batch (its BEGIN
                    // goes with the first lookup).
                    outcome = _sink.Conflicts!.RunAsync(_connection, LinkChanges(batch), where, _stop, begin: true).GetAwaiter().GetResult();
                    if (outcome.Stop is { } stop)
                        throw _sink.StopForConflictAsync(_connection, stop, outcome, _stop).GetAwaiter().GetResult();
                    chunks = Build(batch, position, commitTime, outcome, begin: !outcome.Began, where);
                }

                foreach (var chunk in chunks)
                    _connection.ExecuteAsync(chunk, where, _stop).GetAwaiter().GetResult();
                break;
            }
            catch (SinkApplyException ex) when (ex.IsTransient && !_stop.IsCancellationRequested && retry.ShouldRetry())
            {
                _connection.RollbackQuietlyAsync().GetAwaiter().GetResult();
                _sink.Logger.LogWarning("writer {Writer}: {Reason}; retrying the batch in {Delay}", Index, ex.Message, retry.Delay);
                retry.Wait(_stop);
            }
            catch (SinkApplyException)
            {
                if (!_connection.Connection.IsBroken)
                    _connection.RollbackQuietlyAsync().GetAwaiter().GetResult();
                throw;
            }
        }

        _sink.Committed(Index, batch, rows, position);
        if (linked)
            _sink.LinkCommitted(batch, outcome);
    }

    private List<SqlChunk> Build(List<PendingTransaction> batch, BinlogPosition? position, DateTimeOffset? commitTime, ConflictOutcome outcome, bool begin, string where)
    {
        _builder.Reset();
        _builder.Where = where;
        if (begin)
            _builder.Begin();

        // The mark goes first: the capture of this target then knows the transaction as the link's from its first row,
        // without decoding the rest.
        if (_sink.MarkSql(Index) is { } mark)
            _builder.AddStatement(mark, "tandem_meta.mark");
        foreach (var transaction in batch)
        {
            foreach (var (table, change) in transaction.Rows)
            {
                if (!outcome.Skipped.Contains(change))
                    _builder.Add(table, change);
            }
        }

        _builder.FlushMerged();
        if (_sink.Conflicts?.LogSql(_sink.Options.Task, outcome) is { } log)
            _builder.AddStatement(log, "tandem_meta.conflicts");
        if (position is not null)
            _builder.AddStatement(CheckpointStore.UpsertSql(_sink.Options.Task, Index, position, commitTime), "tandem_meta.checkpoint");
        _builder.Commit();
        return _builder.TakeReady();
    }

    private static List<LinkChange> LinkChanges(List<PendingTransaction> batch)
    {
        var changes = new List<LinkChange>();
        foreach (var transaction in batch)
        {
            foreach (var (table, change) in transaction.Rows)
                changes.Add(new LinkChange(table, change, transaction.Position, transaction.CommitTime));
        }

        return changes;
    }
}
