using System.Globalization;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Schema;

/// <summary>information_schema's row estimates (TABLE_ROWS), for progress, ETAs and ordering only: InnoDB's are rough.</summary>
internal static class TableRowEstimates
{
    /// <summary>The estimate of each of <paramref name="tables"/> the server reports (0 when it reports none).</summary>
    public static async Task<Dictionary<(string Database, string Table), long>> ReadAsync(
        MySqlConnection connection, IEnumerable<(string Database, string Table)> tables, CancellationToken ct)
    {
        var wanted = tables.ToHashSet();
        var estimates = new Dictionary<(string Database, string Table), long>();
        if (wanted.Count == 0)
            return estimates;
        var databases = string.Join(", ", wanted.Select(static t => t.Database).Distinct(StringComparer.Ordinal).Select(SqlLiteral.Quote));
        var reader = await connection.QueryAsync(
            $"SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ({databases})", ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var table = (reader.GetString(0)!, reader.GetString(1)!);
                if (wanted.Contains(table))
                    estimates[table] = reader.IsDBNull(2) ? 0 : Convert.ToInt64(reader.GetString(2), CultureInfo.InvariantCulture);
            }
        }

        return estimates;
    }
}
