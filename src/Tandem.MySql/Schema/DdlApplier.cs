using System.Collections.Immutable;
using Tandem.MySql.Schema.Ddl;

namespace Tandem.MySql.Schema;

/// <summary>
/// Applies one parsed statement to a catalog. Works on a copy of the database map and gives back a new
/// catalog; any statement it cannot follow, by syntax or because it contradicts the model, becomes an
/// Unparsed result naming the tables to reload, with the catalog unchanged.
/// </summary>
internal sealed class DdlApplier
{
    /// <summary>
    /// The columns of a MariaDB sequence, as SHOW CREATE TABLE shows them (https://mariadb.com/kb/en/create-sequence/,
    /// "Sequence Table Structure"). MariaDB 11.5's typed sequences change the value columns' types; their rows are not
    /// decoded, since sequences are not replicated.
    /// </summary>
    private static readonly (string Name, string Type)[] SequenceColumns =
    [
        ("next_not_cached_value", "bigint(21)"), ("minimum_value", "bigint(21)"), ("maximum_value", "bigint(21)"),
        ("start_value", "bigint(21)"), ("increment", "bigint(21)"), ("cache_size", "bigint(21) unsigned"),
        ("cycle_option", "tinyint(1) unsigned"), ("cycle_count", "bigint(21)"),
    ];

    private readonly SchemaCatalog _original;
    private readonly SchemaCatalogOptions _options;
    private readonly string? _defaultDatabase;
    private readonly List<TableChange> _changes = [];
    private readonly List<TableName> _reload = [];
    private ImmutableDictionary<string, DatabaseEntry> _databases;

    private DdlApplier(SchemaCatalog catalog, string? defaultDatabase)
    {
        _original = catalog;
        _options = catalog.Options;
        _defaultDatabase = string.IsNullOrEmpty(defaultDatabase) ? null : defaultDatabase;
        _databases = catalog.DatabaseEntries;
    }

    public static SchemaChangeResult Apply(SchemaCatalog catalog, string? defaultDatabase, string sql, DdlSqlMode mode = default)
    {
        var applier = new DdlApplier(catalog, defaultDatabase);
        IReadOnlyList<TableRef> named = [];
        try
        {
            var statement = DdlParser.Parse(sql, mode, out named);
            var kind = applier.Run(statement);
            return new SchemaChangeResult
            {
                Catalog = kind == SchemaChangeKind.None || ReferenceEquals(applier._databases, catalog.DatabaseEntries)
                    ? catalog
                    : new SchemaCatalog(catalog.Options, applier._databases),
                Kind = kind,
                Tables = applier._changes,
                Reload = applier._reload.Distinct().ToArray(),
            };
        }
        catch (Exception ex) when (ex is DdlParseException or SchemaMismatchException)
        {
            var reload = named.Where(t => t.Database is not null || applier._defaultDatabase is not null)
                .Select(applier.Resolve)
                .Distinct()
                .ToArray();
            return new SchemaChangeResult { Catalog = catalog, Kind = SchemaChangeKind.Unparsed, Reload = reload, Problem = ex.Message };
        }
    }

    private SchemaChangeKind Run(DdlStatement statement)
    {
        switch (statement)
        {
            case CreateTableStatement create:
                CreateTable(create);
                return SchemaChangeKind.CreateTable;
            case AlterTableStatement alter:
                AlterTable(alter);
                return alter.Kind;
            case DropTablesStatement drop:
                foreach (var table in drop.Tables)
                {
                    var name = Resolve(table);
                    if (Get(name) is not null)
                    {
                        Remove(name);
                        _changes.Add(new TableChange(name, null));
                    }
                }

                return SchemaChangeKind.DropTable;
            case RenameTablesStatement rename:
                foreach (var (from, to) in rename.Pairs)
                    RenameTable(Resolve(from), Resolve(to));
                return SchemaChangeKind.RenameTable;
            case TruncateTableStatement truncate:
                var truncated = Resolve(truncate.Table);
                _changes.Add(new TableChange(truncated, truncated));
                return SchemaChangeKind.TruncateTable;
            case DatabaseStatement database:
                ApplyDatabase(database);
                return database.Kind;
            default:
                return SchemaChangeKind.None;
        }
    }

    private void CreateTable(CreateTableStatement create)
    {
        var name = Resolve(create.Table);
        if (Get(name) is not null)
        {
            if (create.IfNotExists)
                return;
            if (!create.OrReplace)
                throw new SchemaMismatchException($"{name}: CREATE TABLE for a table the model already has");
            Remove(name);
            _changes.Add(new TableChange(name, null));
        }

        if (create.Like is not null)
        {
            var source = Get(Resolve(create.Like));
            if (source is null)
            {
                _reload.Add(name);
            }
            else
            {
                var copy = source.Schema with { Database = name.Database, Name = name.Name };
                Put(source with { Schema = copy });
            }

            _changes.Add(new TableChange(null, name));
            return;
        }

        if (create.NeedsReload)
        {
            _reload.Add(name);
            _changes.Add(new TableChange(null, name));
            return;
        }

        if (create.IsSequence)
        {
            // Known from the text, so a sequence created and dropped while the capture is behind needs no server read.
            var defaults = EnsureDatabase(name.Database);
            var columns = SequenceColumns.Select(c => ColumnFactory.FromServer(c.Name, c.Type, _options) with { Nullable = false }).ToArray();
            Put(new TableEntry(new Tandem.Core.Model.TableSchema { Database = name.Database, Name = name.Name, Columns = columns, IsSequence = true }, defaults.CharacterSet, defaults.Collation));
            _changes.Add(new TableChange(null, name));
            return;
        }

        var database = EnsureDatabase(name.Database);
        var (charset, collation) = CharsetRules.Resolve(_options, create.CharacterSet, create.Collation, false, database.CharacterSet, database.Collation);
        var builder = new TableBuilder(name.Database, name.Name, charset, collation, _options);
        foreach (var column in create.Columns)
            builder.AddColumn(column with { Position = null }, ifNotExists: false);
        foreach (var index in create.Indexes.Where(static i => i.Kind != IndexKind.Foreign))
            builder.AddIndex(index);
        foreach (var index in create.Indexes.Where(static i => i.Kind == IndexKind.Foreign))
            builder.AddIndex(index);
        foreach (var column in create.JsonChecks)
            builder.MarkJson(column);
        Put(builder.Build());
        _changes.Add(new TableChange(null, name));
    }

    private void AlterTable(AlterTableStatement alter)
    {
        var name = Resolve(alter.Table);
        var entry = Get(name);
        if (entry is null)
        {
            // Not in the model: filtered out at load, or created behind Tandem's back. Let the caller decide.
            var renamed = alter.Specs.LastOrDefault(static s => s.Kind == AlterSpecKind.RenameTable)?.Table;
            if (!alter.IfExists)
                _reload.Add(renamed is null ? name : Resolve(renamed));
            return;
        }

        var builder = TableBuilder.From(entry, _options);
        TableName? renamedTo = null;

        // Table options are not positional: a DEFAULT CHARSET anywhere in the ALTER is the default of every column it adds,
        // and CONVERT TO converts the columns the statement adds as well.
        foreach (var spec in alter.Specs.Where(static s => s.Kind == AlterSpecKind.TableCharset))
            builder.SetDefaults(spec.CharacterSet, spec.Collation);
        var convert = alter.Specs.LastOrDefault(static s => s.Kind == AlterSpecKind.ConvertCharset);
        if (convert is not null)
            builder.SetDefaults(convert.CharacterSet, convert.Collation);

        foreach (var spec in alter.Specs)
        {
            switch (spec.Kind)
            {
                case AlterSpecKind.AddColumns:
                    foreach (var column in spec.Columns)
                        builder.AddColumn(column, spec.IfExists);
                    break;
                case AlterSpecKind.DropColumn:
                    builder.DropColumn(spec.Name!, spec.IfExists);
                    break;
                case AlterSpecKind.ChangeColumn:
                    builder.ChangeColumn(spec.Name!, spec.Columns[0], spec.IfExists);
                    break;
                case AlterSpecKind.RenameColumn:
                    builder.RenameColumn(spec.Name!, spec.NewName!);
                    break;
                case AlterSpecKind.AlterColumn:
                    builder.RequireColumn(spec.Name!, spec.IfExists);
                    break;
                case AlterSpecKind.AddIndex:
                    builder.AddIndex(spec.Index!);
                    break;
                case AlterSpecKind.DropIndex:
                    builder.DropIndex(spec.Name!, spec.IfExists);
                    break;
                case AlterSpecKind.DropPrimaryKey:
                    builder.DropPrimaryKey();
                    break;
                case AlterSpecKind.RenameIndex:
                    builder.RenameIndex(spec.Name!, spec.NewName!);
                    break;
                case AlterSpecKind.DropConstraint:
                    builder.DropConstraint(spec.Name!);
                    break;
                case AlterSpecKind.AddJsonCheck:
                    builder.MarkJson(spec.Name!);
                    break;
                case AlterSpecKind.RenameTable:
                    renamedTo = Resolve(spec.Table!);
                    break;
                case AlterSpecKind.ConvertPartitionToTable:
                    _reload.Add(Resolve(spec.Table!));
                    _changes.Add(new TableChange(null, Resolve(spec.Table!)));
                    break;
                case AlterSpecKind.ConvertTableToPartition:
                    var absorbed = Resolve(spec.Table!);
                    Remove(absorbed);
                    _changes.Add(new TableChange(absorbed, null));
                    break;
            }
        }

        if (convert is not null)
            builder.ConvertCharset(convert.CharacterSet!, convert.Collation);
        Put(builder.Build());
        if (renamedTo is { } target && !SameName(target, name))
        {
            RenameTable(name, target);
            return;
        }

        _changes.Add(new TableChange(name, name));
    }

    private void RenameTable(TableName from, TableName to)
    {
        var entry = Get(from);
        if (entry is null)
        {
            // The source is not modelled, so neither is what now has the new name.
            _reload.Add(to);
            _changes.Add(new TableChange(from, to));
            return;
        }

        if (Get(to) is not null)
            throw new SchemaMismatchException($"RENAME {from} TO {to}: the model already has {to}");
        Remove(from);
        EnsureDatabase(to.Database);
        var target = ToStoredName(to);
        Put(entry with { Schema = entry.Schema with { Database = target.Database, Name = target.Name } });
        _changes.Add(new TableChange(from, target));
    }

    private void ApplyDatabase(DatabaseStatement statement)
    {
        var name = statement.Name ?? _defaultDatabase
            ?? throw new SchemaMismatchException("ALTER DATABASE without a name and without a default database");
        var exists = _databases.TryGetValue(name, out var existing);
        switch (statement.Kind)
        {
            case SchemaChangeKind.CreateDatabase:
                if (exists && statement.IfNotExists)
                    return;
                if (exists && !statement.OrReplace)
                    throw new SchemaMismatchException($"CREATE DATABASE {name}: the model already has it");
                if (exists)
                    DropDatabase(existing!);
                var (cs, coll) = CharsetRules.Resolve(_options, statement.CharacterSet, statement.Collation, false, _options.CharacterSet, _options.Collation);
                var stored = _options.LowerCaseTableNames == 1 ? name.ToLowerInvariant() : name;
                _databases = _databases.SetItem(stored, new DatabaseEntry(stored, cs, coll, ImmutableDictionary.Create<string, TableEntry>(_options.NameComparer)));
                return;
            case SchemaChangeKind.DropDatabase:
                if (exists)
                    DropDatabase(existing!);
                return;
            default:
                var current = exists ? existing! : EnsureDatabase(name);
                var (charset, collation) = CharsetRules.Resolve(_options, statement.CharacterSet, statement.Collation, false, current.CharacterSet, current.Collation);
                _databases = _databases.SetItem(current.Name, current with { CharacterSet = charset, Collation = collation });
                return;
        }
    }

    private void DropDatabase(DatabaseEntry database)
    {
        foreach (var table in database.Tables.Values)
            _changes.Add(new TableChange(new TableName(database.Name, table.Schema.Name), null));
        _databases = _databases.Remove(database.Name);
    }

    private TableName Resolve(TableRef table)
    {
        var database = table.Database ?? _defaultDatabase
            ?? throw new SchemaMismatchException($"table {table.Name} is unqualified and the statement has no default database");
        return ToStoredName(new TableName(database, table.Name));
    }

    /// <summary>The spelling the server keeps: the existing one, else lower case under lower_case_table_names=1.</summary>
    private TableName ToStoredName(TableName name)
    {
        if (_databases.TryGetValue(name.Database, out var database))
        {
            return database.Tables.TryGetValue(name.Name, out var table)
                ? new TableName(database.Name, table.Schema.Name)
                : new TableName(database.Name, Fold(name.Name));
        }

        return new TableName(Fold(name.Database), Fold(name.Name));
    }

    private string Fold(string name) => _options.LowerCaseTableNames == 1 ? name.ToLowerInvariant() : name;

    private bool SameName(TableName a, TableName b) =>
        _options.NameComparer.Equals(a.Database, b.Database) && _options.NameComparer.Equals(a.Name, b.Name);

    private TableEntry? Get(TableName name) =>
        _databases.TryGetValue(name.Database, out var database) && database.Tables.TryGetValue(name.Name, out var table) ? table : null;

    private DatabaseEntry EnsureDatabase(string name)
    {
        if (_databases.TryGetValue(name, out var database))
            return database;

        // The server would have refused a table in a missing database; the model follows it rather than stop.
        database = new DatabaseEntry(name, _options.CharacterSet, _options.Collation, ImmutableDictionary.Create<string, TableEntry>(_options.NameComparer));
        _databases = _databases.SetItem(name, database);
        return database;
    }

    private void Put(TableEntry entry)
    {
        var database = EnsureDatabase(entry.Schema.Database);
        _databases = _databases.SetItem(database.Name, database with { Tables = database.Tables.SetItem(entry.Schema.Name, entry) });
    }

    private void Remove(TableName name)
    {
        if (_databases.TryGetValue(name.Database, out var database) && database.Tables.ContainsKey(name.Name))
            _databases = _databases.SetItem(database.Name, database with { Tables = database.Tables.Remove(name.Name) });
    }
}
