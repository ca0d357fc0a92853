using Tandem.Core.Errors;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;
using Tandem.MySql.Schema;

namespace Tandem.MySql.Snapshot;

/// <summary>Creates the target's databases and tables from the source's own DDL, and finds target tables that already hold rows.</summary>
internal static class TargetTables
{
    /// <summary>Session settings for DDL on the target: foreign keys may name tables not created yet; zero-date defaults are kept.</summary>
    public const string SessionSetup = "SET SESSION foreign_key_checks = 0, sql_mode = 'NO_AUTO_VALUE_ON_ZERO'";

    /// <summary>The target tables, of those given, that exist and hold at least one row.</summary>
    public static async Task<List<CopyTablePlan>> NonEmptyAsync(MySqlConnection target, IEnumerable<CopyTablePlan> tables, CancellationToken ct)
    {
        var nonEmpty = new List<CopyTablePlan>();
        foreach (var table in tables)
        {
            if (!await ExistsAsync(target, table, ct).ConfigureAwait(false))
                continue;
            if (await target.QueryScalarAsync($"SELECT 1 FROM {table.TargetName} LIMIT 1", ct).ConfigureAwait(false) is not null)
                nonEmpty.Add(table);
        }

        return nonEmpty;
    }

    /// <summary>Creates what is missing: each target database with its source database's defaults, each table from SHOW CREATE TABLE.</summary>
    public static async Task CreateAsync(MySqlConnection source, MySqlConnection target, SchemaCatalog catalog, IEnumerable<CopyTablePlan> tables, CancellationToken ct)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            if (created.Add(table.TargetDatabase))
            {
                var defaults = catalog.DatabaseDefaults(table.Source.Database);
                var options = defaults is { } d ? $" CHARACTER SET {d.CharacterSet} COLLATE {d.Collation}" : string.Empty;
                await target.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {SqlLiteral.QuoteIdentifier(table.TargetDatabase)}{options}", ct).ConfigureAwait(false);
            }

            if (await ExistsAsync(target, table, ct).ConfigureAwait(false))
                continue;
            var ddl = await ShowCreateAsync(source, table, ct).ConfigureAwait(false);
            // Unqualified REFERENCES in the DDL name tables of the current database: the target's.
            await target.ExecuteAsync($"USE {SqlLiteral.QuoteIdentifier(table.TargetDatabase)}", ct).ConfigureAwait(false);
            await target.ExecuteAsync(ddl, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The source's CREATE TABLE with the target's qualified name in place of the table's own.</summary>
    public static string Rename(string createTable, CopyTablePlan table)
    {
        var prefix = "CREATE TABLE " + SqlLiteral.QuoteIdentifier(table.Source.Name);
        if (!createTable.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new TandemException(
                $"SHOW CREATE TABLE {table.Source.QualifiedName} on the source does not start with '{prefix}'",
                "create the target table by hand (the copy uses an existing empty table as it is)");
        }

        return "CREATE TABLE " + table.TargetName + createTable[prefix.Length..];
    }

    private static async Task<string> ShowCreateAsync(MySqlConnection source, CopyTablePlan table, CancellationToken ct)
    {
        var reader = await source.QueryAsync($"SHOW CREATE TABLE {table.SourceName}", ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                throw new TandemException($"SHOW CREATE TABLE {table.Source.QualifiedName} returned nothing", "check that the table still exists on the source");
            return Rename(reader.GetString(1)!, table);
        }
    }

    private static async Task<bool> ExistsAsync(MySqlConnection target, CopyTablePlan table, CancellationToken ct) =>
        await target.QueryScalarAsync(
            $"SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = {SqlLiteral.Quote(table.TargetDatabase)} AND TABLE_NAME = {SqlLiteral.Quote(table.TargetTable)}",
            ct).ConfigureAwait(false) is not null;
}
