using Tandem.Core.Filtering;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema;
using Tandem.MySql.Protocol.Values;

namespace Tandem.Cli.Check;

/// <summary>Checks of the user tables: keys to match rows by, column types and character sets Tandem carries exactly.</summary>
internal static class MySqlSchemaChecks
{
    public const int ListLimit = 20;

    private const string SystemSchemas = "'mysql','sys','information_schema','performance_schema'";

    private static readonly HashSet<string> KnownCharsets = new(StringComparer.OrdinalIgnoreCase)
    {
        "utf8mb4", "utf8mb3", "utf8", "latin1", "ascii", "binary",
    };

    public static async Task<CheckResult> KeylessTablesAsync(MySqlConnection connection, CancellationToken ct)
    {
        const string sql = $"""
            SELECT t.TABLE_SCHEMA, t.TABLE_NAME FROM information_schema.TABLES t
            WHERE t.TABLE_TYPE = 'BASE TABLE' AND t.TABLE_SCHEMA NOT IN ({SystemSchemas})
              AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS c
                              WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
                                AND c.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE'))
            ORDER BY t.TABLE_SCHEMA, t.TABLE_NAME
            """;
        var tables = new List<(string Schema, string Table)>();
        await using (var reader = await connection.QueryAsync(sql, ct))
        {
            while (await reader.ReadAsync(ct))
                tables.Add((reader.GetString(0) ?? string.Empty, reader.GetString(1) ?? string.Empty));
        }

        if (tables.Count == 0)
            return CheckResult.Pass("tables without key", "every table has a primary or unique key");

        var shown = string.Join(", ", tables.Take(ListLimit).Select(t => $"{t.Schema}.{t.Table}"));
        var more = tables.Count > ListLimit ? $", and {tables.Count - ListLimit} more" : string.Empty;
        var first = tables[0];
        return CheckResult.Warn("tables without key",
            $"{tables.Count} table(s) have neither a primary nor a unique key, so updates and deletes must match whole rows: {shown}{more}",
            $"ALTER TABLE {SqlLiteral.QuoteIdentifier(first.Schema)}.{SqlLiteral.QuoteIdentifier(first.Table)} ADD PRIMARY KEY (...); (for each table), or opt into full-row matching later");
    }

    /// <summary>
    /// MariaDB sequences (TABLE_TYPE 'SEQUENCE'): one-row tables without a key that Tandem leaves out rather than report
    /// as keyless; a row only when there are some.
    /// </summary>
    public static async Task<CheckResult?> SequencesAsync(MySqlConnection connection, CancellationToken ct)
    {
        const string sql = $"""
            SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES
            WHERE TABLE_TYPE = 'SEQUENCE' AND TABLE_SCHEMA NOT IN ({SystemSchemas})
            ORDER BY TABLE_SCHEMA, TABLE_NAME
            """;
        var sequences = new List<string>();
        await using (var reader = await connection.QueryAsync(sql, ct))
        {
            while (await reader.ReadAsync(ct))
                sequences.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
        }

        if (sequences.Count == 0)
            return null;
        var more = sequences.Count > ListLimit ? $", and {sequences.Count - ListLimit} more" : string.Empty;
        return CheckResult.Warn("sequences",
            $"{sequences.Count} sequence(s) are not replicated (Tandem copies and streams tables, and leaves out sequences and their NEXTVAL/SETVAL changes): {string.Join(", ", sequences.Take(ListLimit))}{more}",
            "at a switchover, create each on the target (SHOW CREATE SEQUENCE) and move it past the source's value: SELECT SETVAL(db.seq, n);");
    }

    /// <summary>The columns of user tables (those <paramref name="tables"/> includes, or all) whose type Tandem does not carry.</summary>
    public static async Task<List<SourceColumn>> UncarriedColumnsAsync(MySqlConnection connection, TableFilter? tables, CancellationToken ct)
    {
        // Views are not copied; MariaDB's system-versioned tables report TABLE_TYPE 'SYSTEM VERSIONED' and are.
        const string sql = $"""
            SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE FROM information_schema.COLUMNS c
            JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
            WHERE t.TABLE_TYPE <> 'VIEW' AND c.TABLE_SCHEMA NOT IN ({SystemSchemas}, 'tandem_meta')
            ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION
            """;
        var columns = new List<SourceColumn>();
        await using (var reader = await connection.QueryAsync(sql, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var column = new SourceColumn(reader.GetString(0) ?? string.Empty, reader.GetString(1) ?? string.Empty, reader.GetString(2) ?? string.Empty,
                    reader.GetString(3) ?? string.Empty, reader.GetString(4) ?? string.Empty);
                if (!CarriedColumnTypes.IsCarried(column.DataType))
                    columns.Add(column);
            }
        }

        return UncarriedColumns.Find(columns, tables);
    }

    public static async Task<CheckResult> ColumnTypesAsync(MySqlConnection connection, CancellationToken ct) =>
        UncarriedColumns.Judge(await UncarriedColumnsAsync(connection, null, ct), ListLimit);

    public static async Task<CheckResult> CharsetsAsync(MySqlConnection connection, MySqlServerFacts facts, CancellationToken ct)
    {
        var found = new List<string>();
        const string tablesSql = $"""
            SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES
            WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN ({SystemSchemas}) AND TABLE_COLLATION IS NOT NULL
            """;
        await using (var reader = await connection.QueryAsync(tablesSql, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var charset = CharsetOfCollation(reader.GetString(2) ?? string.Empty);
                if (!KnownCharsets.Contains(charset))
                    found.Add($"{reader.GetString(0)}.{reader.GetString(1)} ({charset})");
            }
        }

        const string columnsSql = $"""
            SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, CHARACTER_SET_NAME FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA NOT IN ({SystemSchemas}) AND CHARACTER_SET_NAME IS NOT NULL
            ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION
            """;
        await using (var reader = await connection.QueryAsync(columnsSql, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var charset = reader.GetString(3) ?? string.Empty;
                if (!KnownCharsets.Contains(charset))
                    found.Add($"{reader.GetString(0)}.{reader.GetString(1)}.{reader.GetString(2)} ({charset})");
            }
        }

        var server = facts.Variable("character_set_server") ?? "unknown";
        var serverOk = KnownCharsets.Contains(server);
        if (found.Count == 0 && serverOk)
            return CheckResult.Pass("character sets", $"character_set_server = {server}; all tables and columns use utf8mb4, utf8mb3, latin1, ascii or binary");

        var parts = new List<string>();
        if (!serverOk)
            parts.Add($"character_set_server = {server}");
        if (found.Count > 0)
        {
            var more = found.Count > ListLimit ? $", and {found.Count - ListLimit} more" : string.Empty;
            parts.Add($"{found.Count} table(s)/column(s) in other character sets: {string.Join(", ", found.Take(ListLimit))}{more}");
        }

        return CheckResult.Warn("character sets",
            string.Join("; ", parts) + " (Tandem converts utf8mb4, utf8mb3, latin1, ascii and binary exactly)",
            "ALTER TABLE db.t CONVERT TO CHARACTER SET utf8mb4; and in my.cnf [mysqld]: character_set_server = utf8mb4");
    }

    /// <summary>Charset names hold no '_', so a collation's charset is its first segment (utf8mb4_uca1400_ai_ci → utf8mb4).</summary>
    private static string CharsetOfCollation(string collation)
    {
        var underscore = collation.IndexOf('_', StringComparison.Ordinal);
        return underscore < 0 ? collation : collation[..underscore];
    }
}
