using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.IntegrationTests.Replication;

/// <summary>Compares tables on two servers with the servers' own CHECKSUM TABLE and COUNT(*), independent of Tandem.</summary>
internal static class TableComparison
{
    public static async Task<IReadOnlyList<string>> TablesAsync(string uri, string database)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri);
        var tables = new List<string>();
        await using var reader = await connection.QueryAsync(
            $"SELECT table_name FROM information_schema.tables WHERE table_schema = {SqlLiteral.Quote(database)} AND table_type = 'BASE TABLE' ORDER BY BINARY table_name");
        while (await reader.ReadAsync())
            tables.Add(reader.GetString(0)!);
        return tables;
    }

    /// <summary>Asserts both sides hold the same tables with the same checksums and row counts.</summary>
    public static async Task AssertIdenticalAsync(string sourceUri, string sourceDatabase, string targetUri, string targetDatabase)
    {
        var tables = await TablesAsync(sourceUri, sourceDatabase);
        Assert.NotEmpty(tables);
        Assert.Equal(tables, await TablesAsync(targetUri, targetDatabase));
        var source = await FingerprintsAsync(sourceUri, sourceDatabase, tables);
        var target = await FingerprintsAsync(targetUri, targetDatabase, tables);
        Assert.Equal(source, target);
    }

    public static async Task<Dictionary<string, (long Rows, string Checksum)>> FingerprintsAsync(string uri, string database, IEnumerable<string> tables)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri);
        var result = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var name = $"{SqlLiteral.QuoteIdentifier(database)}.{SqlLiteral.QuoteIdentifier(table)}";
            var rows = Convert.ToInt64(await connection.QueryScalarAsync($"SELECT COUNT(*) FROM {name}"), System.Globalization.CultureInfo.InvariantCulture);
            result[table] = (rows, Convert.ToString(await ChecksumAsync(connection, name), System.Globalization.CultureInfo.InvariantCulture) ?? "NULL");
        }

        return result;
    }

    /// <summary>The server's own CHECKSUM TABLE ... EXTENDED of a (quoted, qualified) table.</summary>
    public static async Task<object?> ChecksumAsync(MySqlConnection connection, string qualifiedTable)
    {
        await using var reader = await connection.QueryAsync($"CHECKSUM TABLE {qualifiedTable} EXTENDED");
        Assert.True(await reader.ReadAsync());
        return reader.GetValue(1);
    }
}
