using System.Text.RegularExpressions;
using Tandem.Core.Model;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Schema;

/// <summary>
/// Reads the source's schema from information_schema into a <see cref="SchemaCatalog"/>: databases with their
/// defaults, tables' columns in ORDINAL_POSITION order, keys in SEQ_IN_INDEX order, and MariaDB's JSON
/// columns (LONGTEXT with a CHECK (json_valid(col)), found in CHECK_CONSTRAINTS).
/// information_schema is not read in one snapshot: call this while the tables are not being altered, and
/// record the binlog position before it, so DDL replayed from there converges on the server's schema.
/// </summary>
public static partial class SchemaLoader
{
    /// <summary>Schemas that never replicate: the server's own and Tandem's bookkeeping.</summary>
    public static readonly IReadOnlySet<string> SystemSchemas = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "mysql", "information_schema", "performance_schema", "sys", "tandem_meta",
    };

    private static readonly string SystemSchemaList = string.Join(",", SystemSchemas.Select(SqlText.Literal));

    public static async Task<SchemaCatalog> LoadAsync(MySqlConnection connection, Func<string, string, bool>? tableFilter, CancellationToken cancellationToken)
    {
        var options = await LoadOptionsAsync(connection, cancellationToken);
        var catalog = SchemaCatalog.Empty(options);
        await using (var reader = await connection.QueryAsync(
            "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA " +
            $"WHERE SCHEMA_NAME NOT IN ({SystemSchemaList})",
            cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                catalog = catalog.WithDatabase(reader.GetString(0)!, reader.GetString(1)!, reader.GetString(2)!);
        }

        var tables = await LoadTablesAsync(connection, options, $"NOT IN ({SystemSchemaList})", null, cancellationToken);
        foreach (var table in tables)
        {
            if (tableFilter is null || tableFilter(table.Schema.Database, table.Schema.Name))
                catalog = WithLoaded(catalog, table);
        }

        return catalog;
    }

    /// <summary>
    /// Replaces the named tables with what the server reports now (and removes those it no longer has):
    /// the answer to a <see cref="SchemaChangeResult.Reload"/> list.
    /// </summary>
    public static async Task<SchemaCatalog> ReloadTablesAsync(MySqlConnection connection, SchemaCatalog catalog, IEnumerable<TableName> tables, CancellationToken cancellationToken)
    {
        var wanted = tables.Distinct().ToArray();
        if (wanted.Length == 0)
            return catalog;
        var databases = string.Join(",", wanted.Select(static t => SqlText.Literal(t.Database)).Distinct());
        var loaded = await LoadTablesAsync(connection, catalog.Options, $"IN ({databases})", wanted, cancellationToken);
        foreach (var name in wanted)
            catalog = catalog.WithoutTable(name.Database, name.Name);
        foreach (var table in loaded)
            catalog = WithLoaded(catalog, table);
        return catalog;
    }

    /// <summary>The server facts DDL leaves implicit: name case rules, default charsets, flavour.</summary>
    public static async Task<SchemaCatalogOptions> LoadOptionsAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var options = new SchemaCatalogOptions { IsMariaDb = connection.IsMariaDb };
        await using (var reader = await connection.QueryAsync("SELECT @@lower_case_table_names, @@character_set_server, @@collation_server", cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                options = options with
                {
                    LowerCaseTableNames = (int)reader.GetInt64(0),
                    CharacterSet = reader.GetString(1)!,
                    Collation = reader.GetString(2)!,
                };
            }
        }

        var collations = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var maxBytes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        await using (var reader = await connection.QueryAsync("SELECT CHARACTER_SET_NAME, DEFAULT_COLLATE_NAME, MAXLEN FROM information_schema.CHARACTER_SETS", cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                collations[reader.GetString(0)!] = reader.GetString(1)!;
                maxBytes[reader.GetString(0)!] = (int)reader.GetInt64(2);
            }
        }

        if (connection.IsMariaDb)
            await OverrideDefaultCollationsAsync(connection, collations, cancellationToken);
        return options with { DefaultCollations = collations, MaxBytesPerCharacter = maxBytes };
    }

    /// <summary>
    /// MariaDB 11.2+ lets @@character_set_collations override a set's default collation (utf8mb4=utf8mb4_uca1400_ai_ci);
    /// CHARACTER_SETS still shows the compiled-in default. Older servers lack the variable.
    /// </summary>
    private static async Task OverrideDefaultCollationsAsync(MySqlConnection connection, Dictionary<string, string> collations, CancellationToken cancellationToken)
    {
        object? value;
        try
        {
            value = await connection.QueryScalarAsync("SELECT @@character_set_collations", cancellationToken);
        }
        catch (MySqlServerException)
        {
            return;
        }

        foreach (var pair in (value as string ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2)
                collations[parts[0]] = parts[1];
        }
    }

    private static SchemaCatalog WithLoaded(SchemaCatalog catalog, LoadedTable table)
    {
        var defaults = catalog.DatabaseDefaults(table.Schema.Database) ?? (catalog.Options.CharacterSet, catalog.Options.Collation);
        var collation = table.Collation ?? defaults.Collation;
        return catalog.WithTable(table.Schema, CharsetRules.CharsetOf(catalog.Options, collation), collation);
    }

    private static async Task<List<LoadedTable>> LoadTablesAsync(
        MySqlConnection connection, SchemaCatalogOptions options, string schemaCondition, TableName[]? only, CancellationToken cancellationToken)
    {
        var where = $"TABLE_SCHEMA {schemaCondition}";
        if (only is not null)
        {
            var pairs = only.Select(static t => $"(TABLE_SCHEMA = {SqlText.Literal(t.Database)} AND TABLE_NAME = {SqlText.Literal(t.Name)})");
            where += $" AND ({string.Join(" OR ", pairs)})";
        }

        var tables = new Dictionary<(string, string), (string? Collation, bool IsSequence)>();
        await using (var reader = await connection.QueryAsync(
            $"SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_COLLATION, TABLE_TYPE FROM information_schema.TABLES WHERE {where} AND TABLE_TYPE <> 'VIEW'", cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                tables[(reader.GetString(0)!, reader.GetString(1)!)] = (reader.GetString(2), reader.GetString(3) == "SEQUENCE");
        }

        var jsonColumns = options.IsMariaDb ? await LoadJsonChecksAsync(connection, where.Replace("TABLE_SCHEMA", "CONSTRAINT_SCHEMA", StringComparison.Ordinal), cancellationToken) : [];
        var columns = await LoadColumnsAsync(connection, options, where, jsonColumns, cancellationToken);
        var indexes = await LoadIndexesAsync(connection, where, cancellationToken);

        var result = new List<LoadedTable>();
        foreach (var ((database, name), (collation, isSequence)) in tables)
        {
            if (!columns.TryGetValue((database, name), out var tableColumns))
                continue;
            var keys = indexes.TryGetValue((database, name), out var found) ? found : [];
            var ordered = keys.Where(static i => i.IsPrimary)
                .Concat(keys.Where(static i => i.IsUnique && !i.IsPrimary))
                .Concat(keys.Where(static i => !i.IsUnique))
                .ToArray();
            var schema = new TableSchema { Database = database, Name = name, Columns = tableColumns, Indexes = ordered, IsSequence = isSequence };
            result.Add(new LoadedTable(schema, collation));
        }

        return result;
    }

    private static async Task<Dictionary<(string, string), List<ColumnSchema>>> LoadColumnsAsync(
        MySqlConnection connection, SchemaCatalogOptions options, string where, HashSet<(string, string, string)> jsonColumns, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<(string, string), List<ColumnSchema>>();
        await using var reader = await connection.QueryAsync(
            "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, GENERATION_EXPRESSION " +
            $"FROM information_schema.COLUMNS WHERE {where} ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION",
            cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetString(0)!, reader.GetString(1)!);
            var name = reader.GetString(2)!;
            var extra = reader.GetString(7) ?? "";
            var column = ColumnFactory.FromServer(name, reader.GetString(3)!, options) with
            {
                Nullable = reader.GetString(4) == "YES",
                CharacterSet = reader.GetString(5),
                Collation = reader.GetString(6),
                IsGenerated = !string.IsNullOrEmpty(reader.GetString(8)) || extra.Contains("GENERATED", StringComparison.OrdinalIgnoreCase),
            };
            if (jsonColumns.Contains((key.Item1, key.Item2, name.ToLowerInvariant())))
                column = column with { IsJson = true };
            if (!columns.TryGetValue(key, out var list))
                columns[key] = list = [];
            list.Add(column);
        }

        return columns;
    }

    private static async Task<Dictionary<(string, string), List<IndexSchema>>> LoadIndexesAsync(MySqlConnection connection, string where, CancellationToken cancellationToken)
    {
        var parts = new Dictionary<(string, string), List<(string Index, bool Unique, string Column, int Prefix)>>();
        await using (var reader = await connection.QueryAsync(
            "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS " +
            $"WHERE {where} ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
            cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetString(0)!, reader.GetString(1)!);
                if (!parts.TryGetValue(key, out var list))
                    parts[key] = list = [];
                list.Add((reader.GetString(2)!, reader.GetInt64(3) == 0, reader.GetString(4) ?? "", reader.IsDBNull(5) ? 0 : (int)reader.GetInt64(5)));
            }
        }

        var indexes = new Dictionary<(string, string), List<IndexSchema>>();
        foreach (var (table, list) in parts)
        {
            indexes[table] = list.GroupBy(static p => p.Index, StringComparer.Ordinal)
                .Select(static g => new IndexSchema
                {
                    Name = g.Key,
                    // Functional key parts (MySQL 8) have no column name; they are left out, as the DDL parser does.
                    Columns = g.Where(static p => p.Column.Length > 0).Select(static p => p.Column).ToArray(),
                    // SUB_PART: the indexed prefix, in characters for text and bytes for binary strings; NULL for the whole column.
                    PrefixLengths = IndexSchema.Prefixes(g.Where(static p => p.Column.Length > 0).Select(static p => p.Prefix)),
                    IsPrimary = g.Key == "PRIMARY",
                    IsUnique = g.First().Unique,
                })
                .ToList();
        }

        return indexes;
    }

    /// <summary>(schema, table, lower-case column) of every CHECK (json_valid(`col`)): MariaDB's JSON columns.</summary>
    private static async Task<HashSet<(string, string, string)>> LoadJsonChecksAsync(MySqlConnection connection, string where, CancellationToken cancellationToken)
    {
        var result = new HashSet<(string, string, string)>();
        await using var reader = await connection.QueryAsync(
            $"SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE {where}",
            cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var match = JsonValidCheck().Match(reader.GetString(2) ?? "");
            if (match.Success)
                result.Add((reader.GetString(0)!, reader.GetString(1)!, match.Groups[1].Value.Replace("``", "`", StringComparison.Ordinal).ToLowerInvariant()));
        }

        return result;
    }

    [GeneratedRegex(@"^\s*json_valid\s*\(\s*`((?:[^`]|``)+)`\s*\)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JsonValidCheck();
}
