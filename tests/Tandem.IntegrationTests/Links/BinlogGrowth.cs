using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Links;

/// <summary>What a server wrote to its binlog between two moments, read with SHOW BINLOG EVENTS.</summary>
internal static class BinlogGrowth
{
    public static async Task<(string File, long Offset)> EndAsync(string uri)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri);
        var (file, offset, _) = await SourceStatus.ReadAsync(connection, CancellationToken.None);
        return (file, offset);
    }

    /// <summary>The tables mapped by row events and the number of commits since <paramref name="from"/> (same binlog file).</summary>
    public static async Task<(HashSet<string> Tables, int Commits)> SinceAsync(string uri, (string File, long Offset) from)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri);
        var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var commits = 0;
        await using var reader = await connection.QueryAsync($"SHOW BINLOG EVENTS IN '{from.File}' FROM {from.Offset}");
        while (await reader.ReadAsync())
        {
            var type = reader.GetString(2);
            var info = reader.GetString(5) ?? string.Empty;
            if (type == "Table_map")
            {
                // "table_id: 42 (db.tbl)"
                var open = info.IndexOf('(', StringComparison.Ordinal);
                tables.Add(info[(open + 1)..info.LastIndexOf(')')]);
            }
            else if (type == "Xid" || (type == "Query" && info.StartsWith("COMMIT", StringComparison.Ordinal)))
            {
                commits++;
            }
            else if (type == "Query" && !info.StartsWith("BEGIN", StringComparison.Ordinal))
            {
                tables.Add("statement: " + info);
            }
        }

        return (tables, commits);
    }
}
