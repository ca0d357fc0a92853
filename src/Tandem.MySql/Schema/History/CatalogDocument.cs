using System.Collections.Immutable;
using Tandem.Core.Model;

namespace Tandem.MySql.Schema.History;

/// <summary>The JSON shape of a snapshot: the catalog's options, databases and tables, with the position it holds at.</summary>
internal sealed record CatalogDocument
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required HistoryPosition Position { get; init; }

    public required SchemaCatalogOptions Options { get; init; }

    public required IReadOnlyList<DatabaseDocument> Databases { get; init; }

    public static CatalogDocument From(HistoryPosition position, SchemaCatalog catalog) => new()
    {
        Position = position,
        Options = catalog.Options,
        Databases = catalog.DatabaseEntries.Values
            .OrderBy(static d => d.Name, StringComparer.Ordinal)
            .Select(static d => new DatabaseDocument(
                d.Name,
                d.CharacterSet,
                d.Collation,
                d.Tables.Values.OrderBy(static t => t.Schema.Name, StringComparer.Ordinal).Select(static t => new TableDocument(t.Schema, t.CharacterSet, t.Collation)).ToArray()))
            .ToArray(),
    };

    public SchemaCatalog ToCatalog()
    {
        // Dictionaries come back with the default comparer; charset lookups are case-insensitive.
        var options = Options with
        {
            DefaultCollations = new Dictionary<string, string>(Options.DefaultCollations, StringComparer.OrdinalIgnoreCase),
            MaxBytesPerCharacter = new Dictionary<string, int>(Options.MaxBytesPerCharacter, StringComparer.OrdinalIgnoreCase),
        };
        var databases = ImmutableDictionary.CreateBuilder<string, DatabaseEntry>(options.NameComparer);
        foreach (var database in Databases)
        {
            var tables = ImmutableDictionary.CreateBuilder<string, TableEntry>(options.NameComparer);
            foreach (var table in database.Tables)
                tables[table.Schema.Name] = new TableEntry(table.Schema, table.CharacterSet, table.Collation);
            databases[database.Name] = new DatabaseEntry(database.Name, database.CharacterSet, database.Collation, tables.ToImmutable());
        }

        return new SchemaCatalog(options, databases.ToImmutable());
    }
}
