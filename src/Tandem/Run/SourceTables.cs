using Tandem.MySql.Protocol;
using Tandem.MySql.Schema;

namespace Tandem.Cli.Run;

/// <summary>The databases and tables of a source a task could replicate: no views, no system databases, no tandem_meta.</summary>
internal sealed record SourceTables(IReadOnlyList<string> Databases, IReadOnlyList<SourceTable> Tables)
{
    public static async Task<SourceTables> ReadAsync(MySqlConnection source, CancellationToken ct)
    {
        var system = string.Join(",", SchemaLoader.SystemSchemas.Select(Tandem.MySql.Protocol.Values.SqlLiteral.Quote));
        var databases = new List<string>();
        var reader = await source.QueryAsync($"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN ({system}) ORDER BY SCHEMA_NAME", ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                databases.Add(reader.GetString(0)!);
        }

        var tables = new List<SourceTable>();
        reader = await source.QueryAsync(
            $"SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT IN ({system}) AND TABLE_TYPE NOT IN ('VIEW', 'SYSTEM VIEW')",
            ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                tables.Add(new SourceTable(reader.GetString(0)!, reader.GetString(1)!, reader.GetString(2) == "SEQUENCE"));
        }

        return new SourceTables(databases, tables);
    }
}
