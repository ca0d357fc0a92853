using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Core.Model;
using Tandem.Core.Replication;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// The change stream of a MySQL-family source: committed transactions in commit order, each positioned after its
/// commit, decoded with the schema of its time. A lost connection is re-opened with backoff at the last complete
/// transaction, so nothing is skipped or repeated; a purged binlog, a corrupt event or an incident end the stream
/// with an error that says what to do.
/// </summary>
public sealed class BinlogCapture
{
    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(500);

    private readonly BinlogCaptureOptions _options;
    private readonly ILogger _logger;

    // A reference, so another thread (the runner's fence watcher) never reads a file from one heartbeat with the
    // offset of another.
    private volatile BinlogPosition? _caughtUpTo;

    public BinlogCapture(BinlogCaptureOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        Contact = new SourceContact(options.Dump.QuietAfter, DateTimeOffset.UtcNow);
    }

    /// <summary>Whether the stream hears from the source, and how far it has read; observed by the task's lag and status.</summary>
    public SourceContact Contact { get; }

    /// <summary>The position after the last transaction read (including those with no captured changes).</summary>
    public BinlogPosition? Position { get; private set; }

    /// <summary>
    /// The source's position at the last heartbeat: everything before it has been read, and every transaction before
    /// it was handed to the reader before the heartbeat was read. Safe to read from another thread.
    /// </summary>
    public (string File, long Offset)? CaughtUpTo => _caughtUpTo is { } at ? (at.File, at.Offset) : null;

    /// <summary>
    /// Reads transactions. Those with no changes to the captured tables are read too (they still move
    /// <see cref="Position"/>) but only yielded when <paramref name="includeEmpty"/> is set. Each transaction must be
    /// consumed before the next is requested and is disposed by the capture when the next is requested.
    /// </summary>
    public async IAsyncEnumerable<Transaction> ReadAsync(bool includeEmpty = false, [EnumeratorCancellation] CancellationToken ct = default)
    {
        // Checked before anything is read, so a directory others can write to fails the start, not the first large transaction.
        SpillFiles.EnsureDirectory(_options.SpillDirectory);
        if (SpillFiles.SweepOrphans(_options.SpillDirectory) is > 0 and var swept)
            _logger.LogInformation("removed {Count} spill files left by stopped processes in {Directory}", swept, _options.SpillDirectory);
        SourceFacts source;
        BinlogStart start;
        GtidState gtids;
        var metadata = await MySqlConnection.OpenAsync(_options.Source, ct).ConfigureAwait(false);
        await using (metadata.ConfigureAwait(false))
        {
            source = await SourceFacts.ReadAsync(metadata, ct).ConfigureAwait(false);
            (start, gtids) = await ResolveStartAsync(metadata, source, ct).ConfigureAwait(false);
        }

        var schema = new SchemaTracker(_options.Source, _options.SchemaHistory, _logger);
        var schemaReady = false;
        if (start is BinlogStart.FilePosition at)
        {
            await schema.InitializeAsync(new Schema.History.HistoryPosition(at.File, at.Offset), ct).ConfigureAwait(false);
            schemaReady = true;
        }
        var resolver = new TableMappingResolver(schema, source.IsMariaDb);
        var assembler = new TransactionAssembler(_options.Tables, schema, resolver, gtids, _options.MemoryBudgetBytes, _options.SpillDirectory) { LinkTables = _options.LinkTables, SkipStatements = _options.SkipStatementEvents, Logger = _logger };
        _logger.LogInformation("capturing {Source} ({Version}) from {Start}", _options.Source.DisplayName, source.Version, start);

        var resume = start;
        BinlogDumpSession? session = null;
        BinlogTransaction? previous = null;
        var retry = new RetryBackoff(FirstReconnectDelay, _options.MaxReconnectDelay, _options.ReconnectFor);
        try
        {
            while (true)
            {
                if (session is null)
                {
                    session = await OpenAsync(resume, retry, ct).ConfigureAwait(false);
                    if (session is null)
                        continue;
                }

                Contact.Waiting();
                var (next, lost) = await TryReadAsync(session, ct).ConfigureAwait(false);
                if (lost is not null)
                {
                    Contact.Lost();
                    _logger.LogWarning("lost the binlog stream at {Position}: {Reason}; resuming from {Resume}", $"{session.Decoder.File}:{session.Decoder.NextOffset}", lost.Message, resume);
                    await assembler.AbandonAsync().ConfigureAwait(false);
                    await session.DisposeAsync().ConfigureAwait(false);
                    session = null;
                    Failed(retry, lost);
                    continue;
                }

                if (next is null)
                    continue;
                Contact.Heard();

                // Only progress counts as recovery: a stream that is cut again right after its first events (another
                // replica with the same server id) must keep backing off and, in time, give up.
                if (next is XidEvent or QueryEvent or HeartbeatEvent)
                    retry.Succeeded();

                // A GTID start learns its file and offset from the stream: read the schema at its first transaction, before any
                // row needs it (not at the format description, which may lie before the GTID the server skips to).
                if (!schemaReady && next is (MariaDbGtidEvent or MySqlGtidEvent or QueryEvent or TableMapEvent or RowsEvent) && !next.Header.IsArtificial)
                {
                    await schema.InitializeAsync(new Schema.History.HistoryPosition(next.File, next.Offset), ct).ConfigureAwait(false);
                    schemaReady = true;
                }

                // Most events complete no transaction and a few complete one; only a transaction payload holds several,
                // so the others skip the async iterator (an allocation and a state machine per event).
                if (next is TransactionPayloadEvent payload)
                {
                    await foreach (var transaction in AcceptPayloadAsync(session.Decoder, assembler, payload, ct).ConfigureAwait(false))
                    {
                        resume = await CompleteAsync(previous, transaction).ConfigureAwait(false);
                        previous = transaction;
                        if (includeEmpty || !transaction.IsEmpty)
                            yield return transaction;
                    }
                }
                else if (await AcceptAsync(session.Decoder, assembler, next, ct).ConfigureAwait(false) is { } transaction)
                {
                    resume = await CompleteAsync(previous, transaction).ConfigureAwait(false);
                    previous = transaction;
                    if (includeEmpty || !transaction.IsEmpty)
                        yield return transaction;
                }
            }
        }
        finally
        {
            if (previous is not null)
                await previous.DisposeAsync().ConfigureAwait(false);
            if (session is not null)
                await session.DisposeAsync().ConfigureAwait(false);
            await assembler.AbandonAsync().ConfigureAwait(false);
            await schema.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves past a finished transaction: the one before it is no longer readable, <see cref="Position"/> advances, and
    /// a reconnection resumes after it.
    /// </summary>
    private async ValueTask<BinlogStart> CompleteAsync(BinlogTransaction? previous, BinlogTransaction transaction)
    {
        if (previous is not null)
            await previous.DisposeAsync().ConfigureAwait(false);
        Position = (BinlogPosition)transaction.Position;
        Contact.ReadThrough(LagClock.EstimatedCommitTime(transaction));
        return new BinlogStart.FilePosition(Position.File, Position.Offset);
    }

    private async Task<(BinlogStart Start, GtidState Gtids)> ResolveStartAsync(MySqlConnection metadata, SourceFacts source, CancellationToken ct)
    {
        switch (_options.Start)
        {
            case null:
                var (file, offset, executed) = await SourceStatus.ReadAsync(metadata, ct).ConfigureAwait(false);
                var here = new BinlogStart.FilePosition(file, offset);
                return source.IsMariaDb
                    ? (here, GtidState.ForMariaDb(await SourceStatus.MariaDbGtidAtAsync(metadata, file, offset, ct).ConfigureAwait(false)))
                    : (here, GtidState.ForMySql(source.GtidMode ? executed : null));
            case BinlogStart.FilePosition at:
                return source.IsMariaDb
                    ? (at, GtidState.ForMariaDb(await SourceStatus.MariaDbGtidAtAsync(metadata, at.File, at.Offset, ct).ConfigureAwait(false)))
                    : (at, GtidState.ForMySql(null, learnFromFiles: source.GtidMode));
            case BinlogStart.Gtids gtids when !source.AcceptsGtidStart:
                // The server would refuse the GTID dump with error 1236, which reads as a purged binlog and asks for a
                // new snapshot; nothing is lost, the start just cannot be a GTID set on this server.
                throw new MySqlException(
                    $"{_options.Source.DisplayName} runs with gtid_mode={source.GtidModeName}, so it cannot stream from a GTID set ({gtids})",
                    "start from a binlog file and offset instead (--from-file with --from-pos), or turn GTIDs on at the source: SET GLOBAL enforce_gtid_consistency = ON, then step gtid_mode to OFF_PERMISSIVE, ON_PERMISSIVE and ON");
            case BinlogStart.Gtids gtids:
                return source.IsMariaDb ? (gtids, GtidState.ForMariaDb(gtids.Set)) : (gtids, GtidState.ForMySql(gtids.Set));
            default:
                throw new ArgumentOutOfRangeException(nameof(_options), "unknown start position kind");
        }
    }

    /// <summary>Records a lost or refused connection; past the reconnect window, the capture gives up with the last error.</summary>
    private static void Failed(RetryBackoff retry, TandemException error)
    {
        if (!retry.Failed())
        {
            throw new TandemException(
                $"gave up reconnecting to the source after {retry.Window.GetValueOrDefault().TotalMinutes:0.#} min: {error.Message}",
                error.Hint ?? "check that the source is up and reachable, then run again; the stream resumes from the last complete transaction",
                error);
        }
    }

    private async Task<BinlogDumpSession?> OpenAsync(BinlogStart resume, RetryBackoff retry, CancellationToken ct)
    {
        await retry.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var session = await BinlogDumpSession.OpenAsync(_options.Source, resume, _options.Dump, ct).ConfigureAwait(false);
            Contact.Reopened();
            return session;
        }
        catch (TandemException ex) when (ex.IsTransient && !ct.IsCancellationRequested)
        {
            // Outside the filter: an exception thrown in a filter is swallowed, and this one says why capture gave up.
            Contact.Lost();
            Failed(retry, ex);
            _logger.LogWarning("cannot reach {Source} to resume at {Resume}: {Reason}; retrying in {Delay}", _options.Source.DisplayName, resume, ex.Message, retry.NextDelay);
            return null;
        }
    }

    private static async Task<(BinlogEvent? Event, TandemException? Lost)> TryReadAsync(BinlogDumpSession session, CancellationToken ct)
    {
        try
        {
            // A blocking dump never ends by itself: an end-of-stream packet means the source is shutting down or
            // closed the stream, so it is a lost connection to reopen, not the end of the binlog.
            return await session.ReadAsync(ct).ConfigureAwait(false) is { } next
                ? (next.Event, null)
                : (null, new MySqlConnectionException("the source ended the binlog stream (it may be restarting)", "Tandem reconnects with backoff"));
        }
        catch (TandemException ex) when (ex.IsTransient && !ct.IsCancellationRequested)
        {
            return (null, ex);
        }
    }

    private ValueTask<BinlogTransaction?> AcceptAsync(BinlogEventDecoder decoder, TransactionAssembler assembler, BinlogEvent ev, CancellationToken ct)
    {
        if (ev is HeartbeatEvent heartbeat)
        {
            _caughtUpTo = new BinlogPosition(heartbeat.LogFile.Length == 0 ? decoder.File : heartbeat.LogFile, heartbeat.LogPosition, null);
            Contact.ReadThrough(DateTimeOffset.UtcNow);
            return ValueTask.FromResult<BinlogTransaction?>(null);
        }

        return assembler.AcceptAsync(ev, ct);
    }

    private static async IAsyncEnumerable<BinlogTransaction> AcceptPayloadAsync(BinlogEventDecoder decoder, TransactionAssembler assembler, TransactionPayloadEvent payload, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var inner in TransactionPayloadReader.ReadAsync(decoder.ForPayload(payload), payload, ct).ConfigureAwait(false))
        {
            if (await assembler.AcceptAsync(inner, ct).ConfigureAwait(false) is { } transaction)
                yield return transaction;
        }
    }
}
