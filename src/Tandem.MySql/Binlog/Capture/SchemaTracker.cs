using Microsoft.Extensions.Logging;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema;
using Tandem.MySql.Schema.Ddl;
using Tandem.MySql.Schema.History;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// The schema of the source's tables at the stream's current position. Starts from the history (the catalog as of the
/// start position) or, with no history, from the server; then follows every DDL of the stream, recording each in the
/// history so a later restart from an earlier position sees the schema of its time.
/// </summary>
internal sealed class SchemaTracker : IAsyncDisposable
{
    private readonly MySqlConnectionOptions _source;
    private readonly ISchemaHistoryStore _store;
    private readonly ILogger _logger;
    private SchemaHistory? _history;
    private SchemaCatalog? _catalog;
    private MySqlConnection? _connection;

    /// <param name="store">Where the history lives; null keeps it in memory for this run only.</param>
    public SchemaTracker(MySqlConnectionOptions source, ISchemaHistoryStore? store, ILogger logger)
    {
        _source = source;
        _store = store ?? new MemorySchemaHistoryStore();
        _logger = logger;
    }

    /// <summary>For tests of pure logic: a tracker that starts from a given catalog and never asks a server.</summary>
    internal SchemaTracker(SchemaCatalog initial, ILogger logger)
        : this(new MySqlConnectionOptions(), new MemorySchemaHistoryStore(), logger)
    {
        _catalog = initial;
        _history = null;
    }

    public async ValueTask<TableSchema?> FindAsync(string database, string table, BinlogEvent at, CancellationToken ct)
    {
        var position = new HistoryPosition(at.File, at.Offset);
        var catalog = await EnsureAsync(position, ct).ConfigureAwait(false);
        var found = catalog.Find(database, table);
        if (found is not null || _history is null)
            return found;

        // Not in the history: a table it never saw created. The server's current definition is the best guess; the
        // resolver still checks it against the event's column types.
        _logger.LogWarning("{Table} is not in the schema history at {Position}; reading its current definition from the source", $"{database}.{table}", at.Position);
        await ReloadAsync([new TableName(database, table)], position, ct).ConfigureAwait(false);
        return _catalog!.Find(database, table);
    }

    /// <summary>Reads the schema in force at the start position now, before any event arrives.</summary>
    public async ValueTask InitializeAsync(HistoryPosition at, CancellationToken ct) => await EnsureAsync(at, ct).ConfigureAwait(false);

    /// <param name="at">The start of the QUERY event: the schema it applies to.</param>
    /// <param name="after">The end of the QUERY event: where the statement takes effect.</param>
    /// <param name="mode">The session's sql_mode when the statement ran (quotes and escapes read differently under some modes).</param>
    public async ValueTask<DdlOutcome> ApplyAsync(string? database, string sql, DdlSqlMode mode, HistoryPosition at, HistoryPosition after, CancellationToken ct)
    {
        var catalog = await EnsureAsync(at, ct).ConfigureAwait(false);
        var result = _history is null ? catalog.Apply(database, sql, mode) : await _history.ApplyAsync(after, database, sql, mode, ct).ConfigureAwait(false);
        if (result.Kind == SchemaChangeKind.None)
            return new DdlOutcome(false, database, []);

        _catalog = result.Catalog;
        if (result.Kind == SchemaChangeKind.Unparsed && result.Reload.Count == 0)
        {
            throw new MySqlException(
                $"binlog statement at {after} may change tables but Tandem cannot follow it ({result.Problem ?? "unrecognised syntax"}): {sql}",
                "report the statement so Tandem can learn it; to carry on, restart from a position after it (the schema is then read from the source)");
        }

        if (result.Reload.Count > 0 && _history is not null)
        {
            _logger.LogWarning("reading {Tables} from the source after {Statement} at {Position}", string.Join(", ", result.Reload), sql, after);
            await ReloadAsync(result.Reload, after, ct).ConfigureAwait(false);
        }

        var touched = new List<TableName>();
        foreach (var change in result.Tables)
        {
            if (change.Before is { } before)
                touched.Add(before);
            if (change.After is { } renamed && renamed != change.Before)
                touched.Add(renamed);
        }

        // Tables the text did not describe are touched too: a DDL naming only such tables is not database-wide.
        touched.AddRange(result.Reload.Where(t => !touched.Contains(t)));
        if (result.Kind is SchemaChangeKind.CreateDatabase or SchemaChangeKind.AlterDatabase or SchemaChangeKind.DropDatabase)
            return new DdlOutcome(true, NamedDatabase(sql, mode) ?? database, touched);

        // A table statement that touched no table did nothing (CREATE TABLE IF NOT EXISTS of a table that exists).
        return touched.Count == 0 ? new DdlOutcome(false, database, []) : new DdlOutcome(true, database, touched);
    }

    /// <summary>The database a CREATE/ALTER/DROP DATABASE names; null for ALTER DATABASE without a name (the default one).</summary>
    private static string? NamedDatabase(string sql, DdlSqlMode mode)
    {
        try
        {
            return Schema.Ddl.DdlParser.Parse(sql, mode, out _) is Schema.Ddl.DatabaseStatement statement ? statement.Name : null;
        }
        catch (Schema.Ddl.DdlParseException)
        {
            return null;
        }
    }

    private async ValueTask<SchemaCatalog> EnsureAsync(HistoryPosition at, CancellationToken ct)
    {
        if (_catalog is not null)
            return _catalog;

        _history = await SchemaHistory.OpenAsync(_store, ct).ConfigureAwait(false);
        if (_history is not null && at >= _history.SnapshotPosition)
        {
            _catalog = _history.CatalogAt(at);
            return _catalog;
        }

        if (_history is not null)
            _logger.LogWarning("the schema history starts at {Snapshot}, after {Position}; starting a new history from the source's current schema", _history.SnapshotPosition, at);
        var connection = await ConnectionAsync(ct).ConfigureAwait(false);
        var loaded = await SchemaLoader.LoadAsync(connection, null, ct).ConfigureAwait(false);
        _history = await SchemaHistory.CreateAsync(_store, at, loaded, ct).ConfigureAwait(false);
        _catalog = loaded;
        return loaded;
    }

    private async ValueTask ReloadAsync(IReadOnlyList<TableName> tables, HistoryPosition at, CancellationToken ct)
    {
        var connection = await ConnectionAsync(ct).ConfigureAwait(false);
        var reloaded = await SchemaLoader.ReloadTablesAsync(connection, _catalog!, tables, ct).ConfigureAwait(false);
        _catalog = await _history!.RecordReloadAsync(at, reloaded, tables, ct).ConfigureAwait(false);
    }

    private async ValueTask<MySqlConnection> ConnectionAsync(CancellationToken ct)
    {
        if (_connection is { IsBroken: false })
            return _connection;
        if (_connection is not null)
            await _connection.DisposeAsync().ConfigureAwait(false);
        _connection = await MySqlConnection.OpenAsync(_source, ct).ConfigureAwait(false);
        return _connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
