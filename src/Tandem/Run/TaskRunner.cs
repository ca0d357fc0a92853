using Microsoft.Extensions.Logging;
using Tandem.Cli.Check;
using Tandem.Cli.Run.Links;
using Tandem.Core.Errors;
using Tandem.Core.Filtering;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.Core.Tasks.Links;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Links;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema.History;
using Tandem.MySql.Sink;
using Tandem.MySql.Sink.Links;
using Tandem.MySql.Snapshot;

namespace Tandem.Cli.Run;

/// <summary>
/// Runs one task in the foreground: the full copy (resuming a crashed one), the hand-off at the snapshot position,
/// then the change stream until cancelled or failed. Everything it needs to resume is in the target's tandem_meta.
/// </summary>
internal sealed class TaskRunner
{
    private static readonly TimeSpan StopFlushTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The checkpoint row that holds the hand-off position (writers use 0..N).</summary>
    private const int HandOffWriter = -1;

    private readonly TaskDefinition _task;
    private readonly ReplicationMetrics _metrics;
    private readonly ILogger _logger;
    private readonly MySqlConnectionOptions _source;
    private readonly MySqlConnectionOptions _target;
    private readonly TableRouter _router;
    private readonly LinkRole? _link;

    /// <param name="link">The direction of a link this task runs, or null for a one-way task.</param>
    public TaskRunner(TaskDefinition task, ReplicationMetrics metrics, ILogger logger, LinkRole? link = null)
    {
        _link = link;
        _task = task;
        _metrics = metrics;
        _logger = logger;
        _source = TaskPreflight.Parse(task.Source);
        _target = TaskPreflight.Parse(task.Target);
        _router = new TableRouter(task.Routes);
    }

    /// <summary>
    /// Returns when <paramref name="ct"/> is cancelled (a clean stop, after committing what was read) or, in full
    /// mode, when the copy is done. Failures throw, with the phase set to <see cref="TaskPhase.Failed"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await RunPhasesAsync(ct).ConfigureAwait(false);
            _metrics.Phase = TaskPhase.Stopped;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _metrics.Phase = TaskPhase.Stopped;
            _logger.LogInformation("task {Task} stopped", _task.Name);
        }
        catch
        {
            _metrics.Phase = TaskPhase.Failed;
            throw;
        }
    }

    private string SpillDirectory => _task.SpillDirectory ?? SpillFiles.DefaultDirectory;

    private async Task RunPhasesAsync(CancellationToken ct)
    {
        _metrics.Phase = TaskPhase.Starting;
        // The stream spills large transactions there: a directory others can write to is refused now, not after the copy.
        if (_task.Mode != TaskMode.Full)
            SpillFiles.EnsureDirectory(SpillDirectory);
        var preflight = new TaskPreflight(_task, _source, _target, _router, CapturedTables(), _logger);
        var sourceFacts = await preflight.RunAsync(ct).ConfigureAwait(false);

        if (_link?.BeforeStart is { } beforeStart)
            await beforeStart(ct).ConfigureAwait(false);
        await preflight.RefuseUnmatchedPatternsAsync(ct).ConfigureAwait(false);

        TaskState? state;
        var meta = await MySqlConnection.OpenAsync(_target, ct).ConfigureAwait(false);
        await using (meta.ConfigureAwait(false))
        {
            await TaskStateStore.EnsureSchemaAsync(meta, ct).ConfigureAwait(false);
            state = await TaskStateStore.ReadAsync(meta, _task.Name, ct).ConfigureAwait(false);
            if (state is not null && state.Source != _source.DisplayName)
            {
                throw new TandemException(
                    $"task '{_task.Name}' on {_target.DisplayName} was started from {state.Source}, not {_source.DisplayName}",
                    $"give the task a new name, or delete its rows from {MetaSchema.Database}.* on the target to start it over");
            }

            if (_task.Mode != TaskMode.Incremental && (state is null || state.Phase == TaskState.Copying))
            {
                if (state is null)
                    await TaskStateStore.WriteAsync(meta, new TaskState(_task.Name, TaskState.Copying, _source.DisplayName, null), ct).ConfigureAwait(false);
                var copied = await CopyAsync(ct).ConfigureAwait(false);
                if (_link?.AfterCopy is { } afterCopy)
                    await afterCopy(ct).ConfigureAwait(false);
                var phase = _task.Mode == TaskMode.Full ? TaskState.Copied : TaskState.Streaming;
                state = new TaskState(_task.Name, phase, _source.DisplayName, copied.StreamStart);
                await TaskStateStore.WriteAsync(meta, state, ct).ConfigureAwait(false);
            }
            else if (state is null)
            {
                state = new TaskState(_task.Name, TaskState.Streaming, _source.DisplayName, await IncrementalStartAsync(ct).ConfigureAwait(false));
                await TaskStateStore.WriteAsync(meta, state, ct).ConfigureAwait(false);
            }
        }

        if (_task.Mode == TaskMode.Full)
        {
            _logger.LogInformation("task {Task}: the full copy is complete; mode 'full' does not follow the change stream", _task.Name);
            return;
        }

        await StreamAsync(state, sourceFacts, ct).ConfigureAwait(false);
    }

    private async Task<FullCopyResult> CopyAsync(CancellationToken ct)
    {
        _metrics.Phase = TaskPhase.Snapshotting;
        var copy = new FullCopy(
            new FullCopyOptions
            {
                Source = _source,
                Target = _target,
                Task = _task.Name,
                Tables = CapturedTables(),
                Router = _router,
                Threads = _task.CopyThreads,
                ChunkRows = _task.ChunkRows,
                ExistingTables = _task.ExistingTables,
                AllowFullRowMatch = _task.AllowFullRowMatch,
            },
            _metrics,
            _logger);
        var result = await copy.RunAsync(ct).ConfigureAwait(false);

        // The stream decodes its first rows with the schema the copy saw at the snapshot, not the source's schema at
        // the time the stream starts (a DDL may have run during a long copy).
        var history = new MetaSchemaHistoryStore(_target, _task.Name);
        if (await history.LoadAsync(ct).ConfigureAwait(false) is null)
            await history.WriteSnapshotAsync(new HistoryPosition(result.StreamStart.File, result.StreamStart.Offset), result.Catalog, ct).ConfigureAwait(false);
        _logger.LogInformation(
            "task {Task}: copied {Rows} rows of {Tables} tables; the change stream starts at {Position} ({Gtids})",
            _task.Name, result.RowsCopied, result.Tables.Count, result.StreamStart, result.StreamStart.Gtids ?? "no GTIDs");
        return result;
    }

    /// <summary>Where an incremental task without a checkpoint starts: its `start`, or the source's position now.</summary>
    private async Task<BinlogPosition?> IncrementalStartAsync(CancellationToken ct)
    {
        if (_task.Start is { File: { } file, Position: { } offset })
            return new BinlogPosition(file, offset, null);
        if (_task.Start is { Gtid: not null })
            return null;
        var source = await MySqlConnection.OpenAsync(_source, ct).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
            return await SourceStatus.CurrentPositionAsync(source, ct).ConfigureAwait(false);
    }

    private async Task StreamAsync(TaskState state, MySqlServerFacts sourceFacts, CancellationToken ct)
    {
        BinlogPosition? checkpoint;
        var meta = await MySqlConnection.OpenAsync(_target, ct).ConfigureAwait(false);
        await using (meta.ConfigureAwait(false))
        {
            checkpoint = await CheckpointStore.ReadAsync(meta, _task.Name, ct).ConfigureAwait(false);

            // The hand-off position is the first checkpoint: a quiet source must not leave the task without one.
            if (checkpoint is null && state.Snapshot is { } handOff)
                await meta.ExecuteAsync(CheckpointStore.UpsertSql(_task.Name, HandOffWriter, handOff, null), ct).ConfigureAwait(false);
        }

        BinlogStart start = (checkpoint ?? state.Snapshot) is { } resume
            ? new BinlogStart.FilePosition(resume.File, resume.Offset)
            : new BinlogStart.Gtids(_task.Start?.Gtid ?? throw new TandemException($"task '{_task.Name}' has no position to stream from", "set `start` in the task file"));
        _logger.LogInformation(
            "task {Task}: streaming from {Start}{Why}", _task.Name, start, checkpoint is null ? " (the snapshot position)" : " (the checkpoint)");

        // From here on the target may go away and come back (a restart, a failover): every connection to it waits.
        var targetRetry = new TargetRetry(_target.DisplayName, _metrics, _logger);
        var capture = new BinlogCapture(
            new BinlogCaptureOptions
            {
                Source = _source,
                Start = start,
                Tables = CapturedTables(),
                SchemaHistory = new MetaSchemaHistoryStore(_target, _task.Name, targetRetry),
                MemoryBudgetBytes = Math.Max(16L << 20, _task.MemoryBudgetBytes / 4),
                SpillDirectory = SpillDirectory,
                LinkTables = _link is not null,
                SkipStatementEvents = _task.StatementEvents == StatementEventPolicy.Skip,
                Dump = _link is null ? new BinlogDumpOptions() : new BinlogDumpOptions { ServerId = _link.DumpServerId },
            },
            _logger);

        var sink = await MySqlSink.OpenAsync(
            new MySqlSinkOptions
            {
                Target = _target,
                Task = _task.Name,
                Router = _router,
                Writers = _task.WriterThreads,
                BatchRows = _task.BatchRows,
                BatchWait = _task.BatchWait,
                MemoryBudgetBytes = Math.Max(16L << 20, _task.MemoryBudgetBytes / 2),
                AllowFullRowMatch = _task.AllowFullRowMatch,
                Link = _link is null ? null : SinkLinkOf(_link),
                Retry = targetRetry,
            },
            _metrics,
            _logger,
            ct).ConfigureAwait(false);
        await using (sink.ConfigureAwait(false))
        {
            _metrics.Phase = TaskPhase.Streaming;
            var lag = new LagTracker(_metrics, () => sink.Checkpoint, capture.Contact);
            var fence = new ApplyFence(_target, _task.Name, sink, capture, _logger);
            await using var fenceScope = fence.ConfigureAwait(false);
            using var watch = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var watching = WatchAsync(lag, sink, sourceFacts, reading, watch.Token);
            var fencing = Task.CompletedTask;
            try
            {
                await fence.StartAsync(reading.Token).ConfigureAwait(false);
                fencing = fence.WatchAsync(watch.Token);
                var guard = _link is null ? null : new LoopGuard(_link.Link.Channel, _link.Link.OriginTagging == OriginTagging.Auto, _link.Direction.Ddl);
                await foreach (var transaction in capture.ReadAsync(includeEmpty: true, reading.Token).ConfigureAwait(false))
                {
                    if (guard is not null && !await ForwardsAsync(guard, transaction, reading.Token).ConfigureAwait(false))
                        continue;
                    lag.Submitted(transaction);
                    await fence.SubmitAsync(transaction, reading.Token).ConfigureAwait(false);
                }

                throw new TandemException(
                    $"the change stream of {_source.DisplayName} ended at {capture.Position?.ToString() ?? "its start"} although the task did not stop",
                    "this is a bug in Tandem; run the task again to resume from its checkpoint, and report it with the log");
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && sink.Failure is { } failure)
            {
                // A writer failed while the capture waited for the source: its error, not the wait's, is the news.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // A clean stop commits what was handed to the writers, so the restart replays as little as possible.
                using var flush = new CancellationTokenSource(StopFlushTimeout);
                try
                {
                    await sink.FlushAsync(flush.Token).ConfigureAwait(false);
                    _logger.LogInformation("task {Task}: stopped at {Checkpoint}", _task.Name, sink.Checkpoint?.ToString() ?? "its last checkpoint");
                }
                catch (Exception ex) when (ex is OperationCanceledException or TandemException)
                {
                    _logger.LogWarning("task {Task}: could not commit the last batches before stopping ({Reason}); the next start replays them", _task.Name, ex.Message);
                }

                throw;
            }
            finally
            {
                await watch.CancelAsync().ConfigureAwait(false);
                await watching.ConfigureAwait(false);
                await fencing.ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Refreshes the lag and the source contact a few times a second, reports a stall (out of contact with the source
    /// for longer than stall_after) when it starts and ends, and checks the lag against the source's binlog retention;
    /// stops the reading when the sink failed, since the capture may be waiting on a quiet source and would not notice.
    /// </summary>
    private async Task WatchAsync(LagTracker lag, MySqlSink sink, MySqlServerFacts sourceFacts, CancellationTokenSource reading, CancellationToken ct)
    {
        var guard = new RetentionGuard(TimeSpan.FromSeconds(MySqlBinlogChecks.RetentionSeconds(sourceFacts)));
        var stall = new StallWatch(_task.StallAfter);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                if (sink.Failure is not null)
                {
                    await reading.CancelAsync().ConfigureAwait(false);
                    return;
                }

                var current = lag.Update();
                ReportStall(stall, lag.Contact);
                if (++ticks % 50 == 0 && guard.Assess(current) is { } warning)
                    _logger.LogWarning("task {Task}: {Warning}", _task.Name, warning);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void ReportStall(StallWatch stall, SourceContactReading contact)
    {
        if (stall.Observe(contact.OutOfContactFor) is not { } started)
            return;
        _metrics.SourceStalled = started;
        if (started)
        {
            _logger.LogWarning(
                "task {Task} is stalled: {Source} is {State} and nothing arrived from it for {Silent:F0}s (stall_after {Limit:F0}s); the lag grows from {ReadThrough:O}, the last point up to which every change was read",
                _task.Name, _source.DisplayName, PrometheusText.SourceStateName(contact.State), contact.OutOfContactFor.TotalSeconds, stall.StallAfter.TotalSeconds, contact.ReadThroughAt);
        }
        else
        {
            // A warning too, so whoever saw the stall in the default output also sees it end.
            _logger.LogWarning("task {Task}: {Source} is heard again", _task.Name, _source.DisplayName);
        }
    }

    /// <summary>
    /// A link forwards only what originated on its source: what the link applied there is dropped (it never loops), and
    /// DDL in a direction without ddl: true is reported, not applied. Neither moves the checkpoint: on a quiet link the
    /// heartbeats do, and a restart reads the dropped transactions again only to drop them again.
    /// </summary>
    private async ValueTask<bool> ForwardsAsync(LoopGuard guard, Core.Model.Transaction transaction, CancellationToken ct)
    {
        var (verdict, statement) = await guard.ClassifyAsync(transaction, ct).ConfigureAwait(false);
        switch (verdict)
        {
            case LoopVerdict.Replicated:
                _metrics.LoopDropped();
                return false;
            case LoopVerdict.ForeignDdl:
                _metrics.ForeignDdlSeen();
                _logger.LogWarning(
                    "link {Link}: DDL on {From} at {Position} is not replicated to {To}, since DDL flows only in the directions with ddl: true; run it on {Again} yourself if it is meant for both: {Statement}",
                    _link!.Link.Name, _link.Direction.From, transaction.Position, _link.Direction.To, _link.Direction.To, statement);
                return false;
            default:
                return true;
        }
    }

    private SinkLinkOptions SinkLinkOf(LinkRole link) => new()
    {
        Link = link.Link.Name,
        Channel = link.Link.Channel,
        Origin = link.Direction.From,
        TargetServer = link.Direction.To,
        ConflictsFor = table => link.Link.ConflictsFor(link.Direction, table.Database, table.Name),
        NativeTagging = link.Link.OriginTagging == OriginTagging.Auto,
        PartialColumns = link.Link.PartialColumns,
        HeartbeatApplied = link.Heartbeats.Arrived,
        ConflictMet = conflict => _logger.LogWarning(
            "link {Link}: conflict on {Table} row {Key} ({Kind}) from {From} at {Position}: {Policy} → {Decision}",
            link.Link.Name, conflict.Table, conflict.KeyJson, Core.Replication.Conflicts.ConflictKindText.Name(conflict.Kind), link.Direction.From,
            conflict.SourcePosition, conflict.Policy, conflict.DecisionName),
    };

    /// <summary>The task's tables, never Tandem's own database.</summary>
    private TableFilter CapturedTables() => TableFilter.Parse([.. _task.TablePatterns, $"!{MetaSchema.Database}.*"]);
}
