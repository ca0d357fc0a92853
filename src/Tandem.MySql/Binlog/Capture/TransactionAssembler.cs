using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Filtering;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Schema;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// Groups events into transactions: a GTID event or BEGIN opens one, XID or COMMIT closes it; a DDL is a transaction
/// of its own (MariaDB marks it standalone; MySQL logs it without BEGIN). Table maps are resolved against the tracked
/// schema as they arrive, rows are buffered encoded, and the finished transaction is positioned after its commit event.
/// </summary>
internal sealed class TransactionAssembler
{
    private static readonly long MaxCommitMicroseconds = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / 10;

    private readonly TableFilter _filter;
    private readonly SchemaTracker _schema;
    private readonly TableMappingResolver _resolver;
    private readonly GtidState _gtids;
    private readonly long _memoryBudget;
    private readonly string _spillDirectory;

    private readonly Dictionary<(string Database, string Table), bool> _included = [];
    private readonly Dictionary<ulong, int> _tableIds = [];
    private readonly List<TableMapping> _mappings = [];
    private readonly Dictionary<TableMapping, int> _mappingIndexes = new(ReferenceEqualityComparer.Instance);
    private readonly List<Change> _leading = [];
    private TransactionBuffer? _rows;
    private bool _open;
    private bool _sawBegin;
    private bool _standalone;
    private bool _mariaDbGroup;
    private string? _gtid;

    // Recorded in the GTID state only when the group commits: a group cut short never happened.
    private BinlogEvent? _gtidEvent;
    private long _originServer = -1;
    private string? _originServerText;
    private DateTimeOffset _commitTime;
    private bool _exactCommitTime;
    private bool _linkRows;
    private bool _skipReplication;

    public TransactionAssembler(TableFilter filter, SchemaTracker schema, TableMappingResolver resolver, GtidState gtids, long memoryBudget, string spillDirectory)
    {
        _filter = filter;
        _schema = schema;
        _resolver = resolver;
        _gtids = gtids;
        _memoryBudget = memoryBudget;
        _spillDirectory = spillDirectory;
    }

    /// <summary>Pass the rows of tandem_meta's mark and heartbeat tables (see <see cref="BinlogCaptureOptions.LinkTables"/>).</summary>
    public bool LinkTables { get; init; }

    /// <summary>Where a captured sequence created while the task runs is reported (preflight reports the existing ones).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Pass a data change logged as a statement on as a <see cref="SkippedStatement"/> instead of refusing it.</summary>
    public bool SkipStatements { get; init; }

    /// <summary>Feeds one event; returns a transaction when the event completed one.</summary>
    public async ValueTask<BinlogTransaction?> AcceptAsync(BinlogEvent ev, CancellationToken ct)
    {
        switch (ev)
        {
            case MariaDbGtidEvent maria:
                await BeginAsync(ev).ConfigureAwait(false);
                _mariaDbGroup = true;
                _standalone = maria.IsStandalone;
                _gtidEvent = ev;
                _gtid = GtidState.Describe(ev);
                return null;
            case MySqlGtidEvent:
                await BeginAsync(ev).ConfigureAwait(false);
                _gtidEvent = ev;
                _gtid = GtidState.Describe(ev);
                if (ev is MySqlGtidEvent { ImmediateCommitMicroseconds: { } micros } && micros > 0)
                {
                    // A damaged event can carry a time no calendar holds (past year 9999): corrupt, not a crash.
                    if (micros > MaxCommitMicroseconds)
                        throw new BinlogCorruptException(ev.Position, $"GTID event with an immediate commit timestamp of {micros} microseconds since 1970, past year 9999");
                    _commitTime = DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
                    _exactCommitTime = true;
                }

                return null;
            case MariaDbGtidListEvent list:
                _gtids.Observe(list);
                return null;
            case PreviousGtidsEvent previous:
                _gtids.Observe(previous);
                return null;
            case QueryEvent query:
                return await AcceptQueryAsync(query, ct).ConfigureAwait(false);
            case TableMapEvent map:
                await AcceptTableMapAsync(map, ct).ConfigureAwait(false);
                return null;
            case RowsEvent rows:
                await AcceptRowsAsync(rows, ct).ConfigureAwait(false);
                return null;
            case XidEvent:
                return Commit(ev);
            case IncidentEvent incident:
                throw new BinlogIncidentException(incident.Position, incident.Incident, incident.Message);
            default:
                return null;
        }
    }

    /// <summary>Drops a transaction cut short by a lost connection: it will be read again whole.</summary>
    public async ValueTask AbandonAsync()
    {
        if (_rows is not null)
            await _rows.DisposeAsync().ConfigureAwait(false);
        Reset();
    }

    private async ValueTask BeginAsync(BinlogEvent ev)
    {
        if (_open)
        {
            // A group that never committed (a server crash mid-write leaves one at the end of a file): discard it.
            await AbandonAsync().ConfigureAwait(false);
        }

        _open = true;
        if (ev.Header.ServerId != _originServer)
        {
            // One text per server id, not one per transaction: the id changes only when another server wrote.
            _originServer = ev.Header.ServerId;
            _originServerText = _originServer.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _commitTime = DateTimeOffset.FromUnixTimeSeconds(ev.Header.Timestamp);
    }

    private async ValueTask<BinlogTransaction?> AcceptQueryAsync(QueryEvent query, CancellationToken ct)
    {
        var kind = StatementClassifier.Classify(query.Sql);
        switch (kind)
        {
            case StatementKind.Begin:
                // After a GTID event the group is open already; a second BEGIN, or one after rows, means the previous group
                // never committed (a crash cut the file) and must not merge into this one.
                if (!_open || _sawBegin || _rows is { Count: > 0 })
                    await BeginAsync(query).ConfigureAwait(false);
                _sawBegin = true;
                return null;
            case StatementKind.Commit:
                return _open ? Commit(query) : null;
            case StatementKind.Rollback when _rows is { Count: > 0 }:
                // Logged when a transaction that also changed a non-transactional table rolls back: its transactional rows
                // are in the group but did not happen, and the binlog does not say which rows are which.
                throw new BinlogCorruptException(
                    query.Position,
                    "a transaction that mixed transactional and non-transactional tables was rolled back; its logged rows cannot be told apart",
                    "avoid mixing MyISAM/Aria and InnoDB tables in one transaction on the source; check the captured tables touched by it, then resume from a position after it");
            case StatementKind.Rollback:
                return _open ? Commit(query) : null;
            case StatementKind.Savepoint:
                return null;
            case StatementKind.Xa:
                throw new BinlogCorruptException(
                    query.Position,
                    $"an XA transaction ({Abbreviate(query.Sql)}): Tandem replicates committed transactions and cannot yet follow XA branches prepared in one place and committed in another",
                    "finish XA transactions on the source without XA (or commit them before Tandem reads past them), then resume from a position after them");
            case StatementKind.Dml when query.Database.Length > 0 && !_filter.MayInclude(query.Database):
                // Statement-format changes in a database with no captured tables (a session that set binlog_format=STATEMENT
                // for scratch work) do not concern this capture.
                return null;
            case StatementKind.Dml when SkipStatements:
                // Its rows are not in the binlog; the sink records the statement where the change would have been applied.
                if (!_open)
                    await BeginAsync(query).ConfigureAwait(false);
                _leading.Add(new SkippedStatement(query.Database.Length == 0 ? null : query.Database, query.Sql));
                return null;
            case StatementKind.Dml:
                throw new StatementEventException(query.Position, query.Database.Length == 0 ? null : query.Database, query.Sql);
        }

        if (!_open)
            await BeginAsync(query).ConfigureAwait(false);
        _skipReplication |= (query.Header.Flags & BinlogEventFlags.SkipReplication) != 0;

        var outcome = await _schema.ApplyAsync(query.Database.Length == 0 ? null : query.Database, query.Sql, Schema.Ddl.DdlSqlMode.FromBits(query.Status.SqlMode), new Schema.History.HistoryPosition(query.File, query.Offset), new Schema.History.HistoryPosition(query.File, query.EndOffset), ct).ConfigureAwait(false);
        // Sequences are not replicated (see TableSchema.IsSequence): their DDL only keeps the schema model current.
        var sequenceDdl = StatementClassifier.IsSequenceDdl(query.Sql);
        if (outcome.Changed && sequenceDdl)
            WarnOfNewSequences(query.Sql, outcome.Tables);
        if (outcome.Changed && !sequenceDdl)
        {
            // A DDL matters when any table it touches, under its old or new name, is captured (DROP TABLE a, b and
            // RENAME TABLE in.t TO out.t included); a database-level statement when the database may hold captured tables.
            var included = outcome.Tables.Where(t => _filter.Includes(t.Database, t.Name)).ToList();
            if (included.Count > 0)
                _leading.Add(new DdlChange(included[0].Database, query.Sql, included[0].Name));
            else if (outcome.Tables.Count == 0 && (outcome.Database is null || _filter.MayInclude(outcome.Database)))
                _leading.Add(new DdlChange(outcome.Database, query.Sql));
        }

        // A DDL ends its group unless rows follow in the same one (CREATE TABLE ... SELECT). MariaDB says which in the
        // GTID event (FL_STANDALONE); MySQL opens a group with rows by BEGIN.
        var endsGroup = _mariaDbGroup ? _standalone : !_sawBegin;
        return endsGroup ? Commit(query) : null;
    }

    private void WarnOfNewSequences(string sql, IReadOnlyList<TableName> tables)
    {
        if (!StatementClassifier.IsCreate(sql))
            return;
        foreach (var created in tables.Where(t => _filter.Includes(t.Database, t.Name)))
        {
            Logger.LogWarning(
                "{Sequence} is a sequence created after the task started, which is not replicated: its NEXTVAL/SETVAL changes are left out; before a switchover, create it on the target (SHOW CREATE SEQUENCE) and set it past the source's last value (SELECT SETVAL(seq, n))",
                $"{created.Database}.{created.Name}");
        }
    }

    private async ValueTask AcceptTableMapAsync(TableMapEvent map, CancellationToken ct)
    {
        // Every transaction maps its tables again; the filter's patterns are regular expressions, so decide once per table.
        if (!_included.TryGetValue((map.Database, map.Table), out var included))
            _included[(map.Database, map.Table)] = included = _filter.Includes(map.Database, map.Table);
        var linkTable = !included && LinkTables ? Meta.LinkMetaTables.SchemaOf(map.Database, map.Table) : null;
        if (!included && linkTable is null)
        {
            _tableIds[map.TableId] = -1;
            return;
        }

        // A transaction of many statements maps the same table again and again: keep one entry per resolved mapping.
        if (linkTable is null && (await _schema.FindAsync(map.Database, map.Table, map, ct).ConfigureAwait(false))?.IsSequence == true)
        {
            // NEXTVAL and SETVAL rewrite a sequence's row; sequences are not replicated (TableSchema.IsSequence).
            _tableIds[map.TableId] = -1;
            return;
        }

        var mapping = linkTable is null ? await _resolver.ResolveAsync(map, ct).ConfigureAwait(false) : _resolver.ResolveKnown(map, linkTable);
        _linkRows |= linkTable is not null;
        if (!_mappingIndexes.TryGetValue(mapping, out var index))
        {
            index = _mappings.Count;
            _mappings.Add(mapping);
            _mappingIndexes[mapping] = index;
        }

        _tableIds[map.TableId] = index;
    }

    private async ValueTask AcceptRowsAsync(RowsEvent rows, CancellationToken ct)
    {
        if (!_tableIds.TryGetValue(rows.TableId, out var mapping))
            throw new BinlogCorruptException(rows.Position, $"rows for table id {rows.TableId} without a table map before them");
        if (mapping < 0)
            return;
        if (!_open)
        {
            // Rows outside any group (a non-transactional table on an old server): a group of their own.
            await BeginAsync(rows).ConfigureAwait(false);
        }

        _skipReplication |= (rows.Header.Flags & BinlogEventFlags.SkipReplication) != 0;
        _rows ??= new TransactionBuffer(_memoryBudget, _spillDirectory);
        await _rows.AddAsync(mapping, rows.Kind, rows.Offset, rows.Body, ct).ConfigureAwait(false);
    }

    private BinlogTransaction? Commit(BinlogEvent ev)
    {
        if (!_open)
            return null;

        // Without MySQL's commit timestamp, the commit event's own timestamp is the closest to the commit (a GTID or
        // BEGIN event carries the time the transaction's first statement started).
        var commitTime = _exactCommitTime ? _commitTime : DateTimeOffset.FromUnixTimeSeconds(Math.Max(ev.Header.Timestamp, (uint)_commitTime.ToUnixTimeSeconds()));
        if (_gtidEvent is not null)
            _gtids.Apply(_gtidEvent);
        var transaction = new BinlogTransaction([.. _leading], [.. _mappings], _rows, ev.File)
        {
            Position = new BinlogPosition(ev.File, ev.EndOffset, _gtids.Current),
            CommitTime = commitTime,
            ObservedAt = DateTimeOffset.UtcNow,
            Gtid = _gtid,
            OriginServer = _originServerText,
            SizeBytes = _rows?.TotalBytes ?? 0,
            CarriesLinkRows = _linkRows,
            // MariaDB's native tag: the events were written by a session with @@skip_replication=1.
            OriginTagged = _skipReplication,
        };
        _rows = null;
        Reset();
        return transaction;
    }

    private void Reset()
    {
        _open = false;
        _exactCommitTime = false;
        _linkRows = false;
        _skipReplication = false;
        _sawBegin = false;
        _standalone = false;
        _mariaDbGroup = false;
        _gtid = null;
        _gtidEvent = null;
        _rows = null;
        _leading.Clear();
        _mappings.Clear();
        _mappingIndexes.Clear();
        _tableIds.Clear();
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string Abbreviate(string sql) => sql.Length <= 120 ? sql : string.Concat(sql.AsSpan(0, 117), "...");
}
