using System.Collections.Immutable;
using Tandem.Core.Model;

namespace Tandem.MySql.Schema;

/// <summary>
/// An immutable model of the source's databases and tables at one point of its binlog. Applying a DDL
/// statement returns a new catalog that shares every untouched database and table with this one.
/// Database and table names compare as <see cref="SchemaCatalogOptions.LowerCaseTableNames"/> says;
/// column names always case-insensitively.
/// </summary>
public sealed class SchemaCatalog
{
    internal SchemaCatalog(SchemaCatalogOptions options, ImmutableDictionary<string, DatabaseEntry> databases)
    {
        Options = options;
        DatabaseEntries = databases;
    }

    public SchemaCatalogOptions Options { get; }

    internal ImmutableDictionary<string, DatabaseEntry> DatabaseEntries { get; }

    public static SchemaCatalog Empty(SchemaCatalogOptions options) =>
        new(options, ImmutableDictionary.Create<string, DatabaseEntry>(options.NameComparer));

    public IEnumerable<string> Databases => DatabaseEntries.Values.Select(static database => database.Name);

    public IEnumerable<TableSchema> Tables =>
        DatabaseEntries.Values.SelectMany(static database => database.Tables.Values).Select(static table => table.Schema);

    public bool HasDatabase(string database) => DatabaseEntries.ContainsKey(database);

    public TableSchema? Find(string database, string table) => FindEntry(database, table)?.Schema;

    /// <summary>The default character set and collation of a database, or null when the catalog does not hold it.</summary>
    public (string CharacterSet, string Collation)? DatabaseDefaults(string database) =>
        DatabaseEntries.TryGetValue(database, out var entry) ? (entry.CharacterSet, entry.Collation) : null;

    /// <summary>The default character set and collation of a table, which columns added without one inherit.</summary>
    public (string CharacterSet, string Collation)? TableDefaults(string database, string table) =>
        FindEntry(database, table) is { } entry ? (entry.CharacterSet, entry.Collation) : null;

    /// <summary>
    /// Applies one statement from a binlog QUERY event. <paramref name="defaultDatabase"/> is the event's
    /// database, which unqualified names refer to. Never throws for SQL it cannot follow: the result is then
    /// <see cref="SchemaChangeKind.Unparsed"/> with the tables to reload.
    /// </summary>
    public SchemaChangeResult Apply(string? defaultDatabase, string sql) => DdlApplier.Apply(this, defaultDatabase, sql);

    /// <summary>Applies a statement written under a session sql_mode (ANSI_QUOTES, NO_BACKSLASH_ESCAPES change how it reads).</summary>
    public SchemaChangeResult Apply(string? defaultDatabase, string sql, Ddl.DdlSqlMode mode) => DdlApplier.Apply(this, defaultDatabase, sql, mode);

    /// <summary>Adds or replaces a database with its defaults, keeping its tables.</summary>
    public SchemaCatalog WithDatabase(string name, string characterSet, string collation)
    {
        var tables = DatabaseEntries.TryGetValue(name, out var existing)
            ? existing.Tables
            : ImmutableDictionary.Create<string, TableEntry>(Options.NameComparer);
        return new SchemaCatalog(Options, DatabaseEntries.SetItem(name, new DatabaseEntry(existing?.Name ?? name, characterSet, collation, tables)));
    }

    /// <summary>Adds or replaces a table (as reloaded from the server); its database must exist or is added with the server defaults.</summary>
    public SchemaCatalog WithTable(TableSchema table, string characterSet, string collation)
    {
        var catalog = HasDatabase(table.Database) ? this : WithDatabase(table.Database, Options.CharacterSet, Options.Collation);
        var database = catalog.DatabaseEntries[table.Database];
        var tables = database.Tables.SetItem(table.Name, new TableEntry(table, characterSet, collation));
        return new SchemaCatalog(Options, catalog.DatabaseEntries.SetItem(table.Database, database with { Tables = tables }));
    }

    public SchemaCatalog WithoutTable(string database, string table)
    {
        if (!DatabaseEntries.TryGetValue(database, out var entry) || !entry.Tables.ContainsKey(table))
            return this;
        return new SchemaCatalog(Options, DatabaseEntries.SetItem(database, entry with { Tables = entry.Tables.Remove(table) }));
    }

    internal TableEntry? FindEntry(string database, string table) =>
        DatabaseEntries.TryGetValue(database, out var entry) && entry.Tables.TryGetValue(table, out var found) ? found : null;
}
