namespace Tandem.MySql.Schema.History;

/// <summary>
/// The schema at every point of the binlog since a snapshot: the snapshot's catalog, then one catalog per
/// recorded change, so a restart from an older position decodes rows with the schema of that time.
/// Every change is durable in the store before the call that records it returns.
/// Not thread-safe: one binlog reader owns it.
/// </summary>
public sealed class SchemaHistory
{
    private readonly ISchemaHistoryStore _store;
    private readonly List<(SchemaHistoryEntry? Entry, HistoryPosition Position, SchemaCatalog Catalog)> _states;

    private SchemaHistory(ISchemaHistoryStore store, HistoryPosition snapshotPosition, SchemaCatalog snapshot)
    {
        _store = store;
        _states = [(null, snapshotPosition, snapshot)];
    }

    public SchemaCatalog Current => _states[^1].Catalog;

    /// <summary>The oldest position the history can answer for.</summary>
    public HistoryPosition SnapshotPosition => _states[0].Position;

    /// <summary>The position of the last recorded change (or of the snapshot).</summary>
    public HistoryPosition LastPosition => _states[^1].Position;

    /// <summary>Starts a history from an initial load taken at <paramref name="position"/>.</summary>
    public static async Task<SchemaHistory> CreateAsync(ISchemaHistoryStore store, HistoryPosition position, SchemaCatalog initial, CancellationToken cancellationToken)
    {
        await store.WriteSnapshotAsync(position, initial, cancellationToken);
        return new SchemaHistory(store, position, initial);
    }

    /// <summary>Reopens a stored history, replaying its entries; null when the store is empty.</summary>
    public static async Task<SchemaHistory?> OpenAsync(ISchemaHistoryStore store, CancellationToken cancellationToken)
    {
        var data = await store.LoadAsync(cancellationToken);
        if (data is null)
            return null;
        var history = new SchemaHistory(store, data.SnapshotPosition, data.Snapshot);
        foreach (var entry in data.Entries)
            history._states.Add((entry, entry.Position, Replay(history.Current, entry)));
        return history;
    }

    /// <summary>The schema in force at <paramref name="position"/>: after every change recorded at or before it.</summary>
    public SchemaCatalog CatalogAt(HistoryPosition position)
    {
        if (position < SnapshotPosition)
        {
            throw new SchemaHistoryException(
                $"the schema history starts at {SnapshotPosition} and cannot describe {position}",
                "Start from a position at or after the snapshot, or take a new initial load.");
        }

        var low = 0;
        var high = _states.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (_states[middle].Position <= position)
                low = middle;
            else
                high = middle - 1;
        }

        return _states[low].Catalog;
    }

    /// <summary>
    /// Applies and records a QUERY event's statement. <paramref name="position"/> is the end of the event.
    /// A statement at or before <see cref="LastPosition"/> is a re-read after a restart: it is not recorded
    /// again, and the result is the one it had then.
    /// </summary>
    public Task<SchemaChangeResult> ApplyAsync(HistoryPosition position, string? database, string statement, CancellationToken cancellationToken) =>
        ApplyAsync(position, database, statement, default, cancellationToken);

    /// <summary>As <see cref="ApplyAsync(HistoryPosition, string?, string, CancellationToken)"/>, for a statement written under <paramref name="mode"/>.</summary>
    public async Task<SchemaChangeResult> ApplyAsync(HistoryPosition position, string? database, string statement, Ddl.DdlSqlMode mode, CancellationToken cancellationToken)
    {
        if (position <= LastPosition)
            return Reapply(position, database, statement, mode);

        var result = Current.Apply(database, statement, mode);
        if (result.Kind == SchemaChangeKind.None)
            return result;

        var entry = new SchemaHistoryEntry { Position = position, Database = database, Statement = statement, SqlMode = mode.ToBits() };
        await _store.AppendAsync(entry, cancellationToken);
        _states.Add((entry, position, result.Catalog));
        return result;
    }

    /// <summary>
    /// Records tables reloaded from the server (see <see cref="SchemaChangeResult.Reload"/>) at the position of the
    /// statement that asked for them: <paramref name="reloaded"/> is the catalog <see cref="SchemaLoader.ReloadTablesAsync"/> returned.
    /// </summary>
    public async Task<SchemaCatalog> RecordReloadAsync(HistoryPosition position, SchemaCatalog reloaded, IEnumerable<TableName> tables, CancellationToken cancellationToken)
    {
        if (position < LastPosition)
            return CatalogAt(position);
        foreach (var name in tables.Distinct())
        {
            var entry = new SchemaHistoryEntry
            {
                Position = position,
                ReloadedTable = name,
                Table = reloaded.Find(name.Database, name.Name),
                TableCollation = reloaded.TableDefaults(name.Database, name.Name)?.Collation,
            };
            await _store.AppendAsync(entry, cancellationToken);
            _states.Add((entry, position, Replay(Current, entry)));
        }

        return Current;
    }

    /// <summary>Writes the schema at <paramref name="position"/> as the new snapshot; the history then starts there.</summary>
    public async Task CompactAsync(HistoryPosition position, CancellationToken cancellationToken)
    {
        var catalog = CatalogAt(position);
        await _store.WriteSnapshotAsync(position, catalog, cancellationToken);
        var keep = _states.FindIndex(s => s.Position > position);
        var later = keep < 0 ? [] : _states.GetRange(keep, _states.Count - keep);
        _states.Clear();
        _states.Add((null, position, catalog));
        _states.AddRange(later);
    }

    private SchemaChangeResult Reapply(HistoryPosition position, string? database, string statement, Ddl.DdlSqlMode mode)
    {
        var index = _states.FindIndex(s => s.Entry is { Statement: not null } e && e.Position == position && e.Statement == statement && e.Database == database);
        if (index > 0)
            return _states[index - 1].Catalog.Apply(database, statement, mode) with { Catalog = _states[index].Catalog };
        return new SchemaChangeResult { Catalog = CatalogAt(position), Kind = SchemaChangeKind.None };
    }

    private static SchemaCatalog Replay(SchemaCatalog catalog, SchemaHistoryEntry entry)
    {
        if (entry.Statement is not null)
            return catalog.Apply(entry.Database, entry.Statement, Ddl.DdlSqlMode.FromBits(entry.SqlMode)).Catalog;
        if (entry.ReloadedTable is not { } name)
            return catalog;
        catalog = catalog.WithoutTable(name.Database, name.Name);
        if (entry.Table is not { } table)
            return catalog;
        var collation = entry.TableCollation ?? catalog.DatabaseDefaults(table.Database)?.Collation ?? catalog.Options.Collation;
        return catalog.WithTable(table, CharsetRules.CharsetOf(catalog.Options, collation), collation);
    }
}
