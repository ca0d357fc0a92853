using Tandem.MySql.Schema;

namespace Tandem.MySql.Tests.Schema;

/// <summary>Catalogs for tests: database "db" (utf8mb4) plus whatever DDL a test applies, failing on anything Unparsed.</summary>
internal static class CatalogBuilder
{
    public static SchemaCatalog With(params string[] statements) => WithOptions(SchemaCatalogOptions.MariaDbDefaults, statements);

    public static SchemaCatalog WithOptions(SchemaCatalogOptions options, params string[] statements)
    {
        var catalog = SchemaCatalog.Empty(options).WithDatabase("db", "utf8mb4", "utf8mb4_general_ci");
        foreach (var statement in statements)
            catalog = Apply(catalog, statement).Catalog;
        return catalog;
    }

    public static SchemaChangeResult Apply(SchemaCatalog catalog, string statement, string? database = "db")
    {
        var result = catalog.Apply(database, statement);
        Assert.True(result.Kind != SchemaChangeKind.Unparsed, $"{statement}: {result.Problem}");
        return result;
    }

    public static string[] ColumnNames(SchemaCatalog catalog, string table, string database = "db") =>
        catalog.Find(database, table)!.Columns.Select(static c => c.Name).ToArray();
}
