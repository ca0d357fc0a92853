using System.Globalization;
using Tandem.MySql.Protocol;

namespace Tandem.Bench;

/// <summary>
/// The check every contender's result passes before its time counts: each table's row count and <c>CHECKSUM TABLE</c>
/// on the target equal the source's. CHECKSUM TABLE hashes every row of the table as the server stores it, so the
/// tables must also have the same definition on both sides (which every contender here creates from the source's).
/// </summary>
internal static class TableChecksums
{
    public static async Task<IReadOnlyDictionary<string, (long Rows, long Checksum)>> ReadAsync(
        string uri, IReadOnlyList<string> tables, CancellationToken ct)
    {
        var figures = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        await using var connection = await MySqlConnection.OpenAsync(uri, ct);
        foreach (var table in tables)
        {
            var rows = Convert.ToInt64(await connection.QueryScalarAsync($"SELECT COUNT(*) FROM {table}", ct), CultureInfo.InvariantCulture);
            await using var reader = await connection.QueryAsync($"CHECKSUM TABLE {table}", ct);
            if (!await reader.ReadAsync(ct) || reader.IsDBNull(1))
                throw new InvalidOperationException($"CHECKSUM TABLE {table} on {uri} returned no checksum (does the table exist?)");
            figures[table] = (rows, Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
        }

        return figures;
    }

    /// <summary>Throws, naming every table that differs, unless the target holds exactly the source's rows.</summary>
    public static async Task VerifyAsync(string sourceUri, string targetUri, IReadOnlyList<string> tables, string contender, CancellationToken ct)
    {
        var source = await ReadAsync(sourceUri, tables, ct);
        IReadOnlyDictionary<string, (long Rows, long Checksum)> target;
        try
        {
            target = await ReadAsync(targetUri, tables, ct);
        }
        catch (MySqlServerException ex)
        {
            throw new InvalidOperationException($"{contender}: the target is incomplete: {ex.Message}", ex);
        }

        var differences = tables
            .Where(t => source[t] != target[t])
            .Select(t => $"{t}: source {source[t].Rows} rows, checksum {source[t].Checksum}; target {target[t].Rows} rows, checksum {target[t].Checksum}")
            .ToList();
        if (differences.Count > 0)
            throw new InvalidOperationException($"{contender}: the target differs from the source:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", differences));
    }
}
