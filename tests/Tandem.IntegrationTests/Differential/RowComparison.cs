using System.Globalization;
using System.Text;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// Compares one table on two servers row by row, independent of Tandem: both sides are read in primary-key order by
/// the keys' bytes (text cast to BINARY, so spellings a collation holds equal are still told apart) and merged, and the
/// first differences are described: a row only on one side, or the same key with other values. Memory is one row a side.
/// </summary>
internal static class RowComparison
{
    public static async Task<IReadOnlyList<string>> FirstDifferencesAsync(string expectedUri, string actualUri, string database, string table, int limit, CancellationToken ct)
    {
        var keys = await PrimaryKeyAsync(expectedUri, database, table, ct);
        var order = string.Join(", ", keys.Select(static k => k.Numeric ? SqlLiteral.QuoteIdentifier(k.Name) : $"CAST({SqlLiteral.QuoteIdentifier(k.Name)} AS BINARY)"));
        var query = $"SELECT * FROM {SqlLiteral.QuoteIdentifier(database)}.{SqlLiteral.QuoteIdentifier(table)} ORDER BY {order}";
        await using var expectedConnection = await MySqlConnection.OpenAsync(expectedUri, ct);
        await using var actualConnection = await MySqlConnection.OpenAsync(actualUri, ct);
        await using var expected = await expectedConnection.QueryAsync(query, ct);
        await using var actual = await actualConnection.QueryAsync(query, ct);
        var ordinals = keys.Select(k => expected.GetOrdinal(k.Name)).ToArray();
        var differences = new List<string>();
        var haveExpected = await expected.ReadAsync(ct);
        var haveActual = await actual.ReadAsync(ct);
        while ((haveExpected || haveActual) && differences.Count < limit)
        {
            var comparison = !haveExpected ? 1 : !haveActual ? -1 : CompareKeys(expected, actual, ordinals);
            if (comparison < 0)
            {
                differences.Add($"{table}: only in the source: {Render(expected)}");
                haveExpected = await expected.ReadAsync(ct);
            }
            else if (comparison > 0)
            {
                differences.Add($"{table}: only in the copy: {Render(actual)}");
                haveActual = await actual.ReadAsync(ct);
            }
            else
            {
                var (source, copy) = (Render(expected), Render(actual));
                if (source != copy)
                    differences.Add($"{table}: source {source} but copy {copy}");
                haveExpected = await expected.ReadAsync(ct);
                haveActual = await actual.ReadAsync(ct);
            }
        }

        // Drain what is left unread, so the connections close cleanly.
        while (haveExpected && await expected.ReadAsync(ct))
        {
        }

        while (haveActual && await actual.ReadAsync(ct))
        {
        }

        return differences;
    }

    private static int CompareKeys(MySqlDataReader a, MySqlDataReader b, int[] ordinals)
    {
        foreach (var ordinal in ordinals)
        {
            var comparison = (a.GetValue(ordinal), b.GetValue(ordinal)) switch
            {
                (long x, long y) => x.CompareTo(y),
                (ulong x, ulong y) => x.CompareTo(y),
                (string x, string y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)),
                var (x, y) => throw new InvalidOperationException($"cannot order key values {x} and {y}"),
            };
            if (comparison != 0)
                return comparison;
        }

        return 0;
    }

    /// <summary>A row as text that shows every byte that matters: strings quoted with their code points past ASCII named.</summary>
    private static string Render(MySqlDataReader row)
    {
        var text = new StringBuilder("(");
        for (var i = 0; i < row.FieldCount; i++)
        {
            if (i > 0)
                text.Append(", ");
            text.Append(row.GetValue(i) switch
            {
                null => "NULL",
                string s => Quote(s),
                byte[] bytes => "0x" + Convert.ToHexString(bytes),
                var value => Convert.ToString(value, CultureInfo.InvariantCulture),
            });
        }

        return text.Append(')').ToString();
    }

    private static string Quote(string value)
    {
        var text = new StringBuilder("'");
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value < 0x80)
                text.Append(rune.ToString());
            else
                text.Append(CultureInfo.InvariantCulture, $"{rune}<U+{rune.Value:X4}>");
        }

        return text.Append('\'').ToString();
    }

    private static async Task<List<(string Name, bool Numeric)>> PrimaryKeyAsync(string uri, string database, string table, CancellationToken ct)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri, ct);
        await using var reader = await connection.QueryAsync(
            $"""
            SELECT k.column_name, c.data_type FROM information_schema.statistics k
            JOIN information_schema.columns c ON c.table_schema = k.table_schema AND c.table_name = k.table_name AND c.column_name = k.column_name
            WHERE k.table_schema = {SqlLiteral.Quote(database)} AND k.table_name = {SqlLiteral.Quote(table)} AND k.index_name = 'PRIMARY'
            ORDER BY k.seq_in_index
            """, ct);
        var keys = new List<(string, bool)>();
        while (await reader.ReadAsync(ct))
            keys.Add((reader.GetString(0)!, reader.GetString(1) is "tinyint" or "smallint" or "mediumint" or "int" or "bigint"));
        if (keys.Count == 0)
            throw new InvalidOperationException($"{database}.{table} has no primary key to compare its rows by");
        return keys;
    }
}
