using System.Globalization;
using System.Reflection;
using System.Text;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Schema.Collations;

/// <summary>
/// Finds a collation's contractions on the server. No SQL lists them, so Tandem carries candidates
/// (ContractionCandidates.txt: every sequence a probe of MariaDB's collations found weighed as one, see
/// scripts/collation-contractions) and asks the server for each one's weight under this collation: a candidate whose
/// weight differs from the weights of its characters one after another is a contraction here.
/// </summary>
internal static class CollationContractionsLoader
{
    private static readonly Lazy<IReadOnlyList<int[]>> Candidates = new(ReadCandidates);

    public static async Task<CollationContractions> LoadAsync(
        MySqlConnection connection, string quotedCharset, string quotedCollation, string level, Func<byte[], byte[]> primary, CollationWeightTable table, CancellationToken ct)
    {
        var candidates = Candidates.Value;
        var found = new List<(int[], byte[])>();
        foreach (var chunk in candidates.Select((codes, i) => (codes, i)).Chunk(500))
        {
            var rows = string.Join(" UNION ALL ", chunk.Select(static c => $"SELECT {c.i.ToString(CultureInfo.InvariantCulture)} AS i, _utf32 X'{Utf32Hex(c.codes)}' AS s"));
            // A sequence the character set cannot hold (it converts to something else) is no contraction of it.
            var sql =
                $"SELECT i, WEIGHT_STRING(CONVERT(s USING {quotedCharset}) COLLATE {quotedCollation}{level}) FROM ({rows}) AS c " +
                $"WHERE CAST(CONVERT(CONVERT(s USING {quotedCharset}) USING utf32) AS BINARY) = CAST(s AS BINARY)";
            var reader = await connection.QueryAsync(sql, ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var codes = candidates[(int)reader.GetInt64(0)];
                    var weight = primary(reader.GetRawBytes(1).ToArray());
                    if (!weight.AsSpan().SequenceEqual(OneByOne(table, codes)))
                        found.Add((codes, weight));
                }
            }
        }

        return new CollationContractions(found);
    }

    private static byte[] OneByOne(CollationWeightTable table, int[] codes)
    {
        var bytes = new List<byte>();
        Span<byte> one = stackalloc byte[CollationWeightTable.MaxWeight];
        foreach (var code in codes)
        {
            var length = table.CopyWeight(code, one);
            if (length < 0)
                return [0xFF, 0xFF, 0xFF];
            for (var i = 0; i < length; i++)
                bytes.Add(one[i]);
        }

        return [.. bytes];
    }

    private static string Utf32Hex(int[] codes)
    {
        var hex = new StringBuilder(codes.Length * 8);
        foreach (var code in codes)
            hex.Append(code.ToString("X8", CultureInfo.InvariantCulture));
        return hex.ToString();
    }

    private static List<int[]> ReadCandidates()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Tandem.MySql.Schema.Collations.ContractionCandidates.txt")
            ?? throw new InvalidOperationException("the contraction candidates are missing from Tandem.MySql");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var list = new List<int[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            list.Add([.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(static h => int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))]);
        }

        return list;
    }
}
