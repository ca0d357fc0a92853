using System.Globalization;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// Splits a table into key ranges of about <c>ChunkRows</c> rows inside the snapshot, by keyset queries: each upper
/// bound is the key of the ChunkRows-th row after the previous bound, found by an index range scan
/// (<c>WHERE key &gt; last ORDER BY key LIMIT 1 OFFSET n-1</c>). The last chunk is open above, the first below, so
/// the chunks cover every key, also rows inserted later and read on a newer snapshot after a resume.
/// </summary>
internal static class ChunkPlanner
{
    public static async Task<List<CopyChunk>> PlanAsync(MySqlConnection connection, uint connectionId, CopyTablePlan table, int chunkRows, CancellationToken ct)
    {
        if (table.Key is null)
            return [new CopyChunk(table, 0, null, null)];

        var names = table.Key.Columns;
        var select = string.Join(", ", table.KeyColumns.Select(KeyLiteral.SelectExpression));
        var order = string.Join(", ", names.Select(SqlLiteral.QuoteIdentifier));
        var chunks = new List<CopyChunk>();
        IReadOnlyList<string>? lower = null;
        while (true)
        {
            var where = lower is null ? string.Empty : " WHERE " + ChunkPredicate.Build(names, lower, null);
            var sql = string.Create(CultureInfo.InvariantCulture,
                $"SELECT {select} FROM {table.SourceName}{table.IndexHint}{where} ORDER BY {order} LIMIT 1 OFFSET {chunkRows - 1}");
            var upper = await ReadKeyAsync(connection, connectionId, table, sql, ct).ConfigureAwait(false);
            chunks.Add(new CopyChunk(table, chunks.Count, lower, upper));
            if (upper is null)
                return chunks;
            lower = upper;
        }
    }

    private static async Task<string[]?> ReadKeyAsync(MySqlConnection connection, uint connectionId, CopyTablePlan table, string sql, CancellationToken ct)
    {
        var reader = await PinnedSession.QueryAsync(connection, connectionId, sql, ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                return null;
            var key = new string[table.KeyColumns.Count];
            for (var i = 0; i < key.Length; i++)
                key[i] = KeyLiteral.From(table.KeyColumns[i], reader.GetRawBytes(i));
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
            }

            return key;
        }
    }
}
