using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Schema.Collations;

/// <summary>
/// Reads a collation's primary weight of every character from the server: one query over all code points
/// (U+0000..U+10FFFF less the surrogates), each converted to the collation's character set and weighed with
/// WEIGHT_STRING (https://mariadb.com/kb/en/weight_string/, https://dev.mysql.com/doc/refman/8.4/en/string-functions.html#function_weight-string).
/// Code points the character set cannot hold are left out. For a character set other than Unicode's, each character's
/// bytes are decoded with Tandem's own decoder, so the table is keyed by the code point Tandem reads from a value.
/// </summary>
internal static class CollationWeightsLoader
{
    private const int SurrogateFirst = 0xD800;
    private const int SurrogateLast = 0xDFFF;

    // Hexadecimal digits as a derived table. Joined five times (17 planes by 16^4) they count every code point, on any
    // MySQL-family server and without a database: MariaDB's sequence tables need one, and recursive CTEs stop at
    // cte_max_recursion_depth (MySQL) or max_recursive_iterations (MariaDB).
    private const string Digits =
        "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 " +
        "UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11 UNION ALL SELECT 12 " +
        "UNION ALL SELECT 13 UNION ALL SELECT 14 UNION ALL SELECT 15)";

    private const string CodePoints =
        $"(SELECT p.d * 65536 + a.d * 4096 + b.d * 256 + c.d * 16 + e.d AS seq FROM ({Digits} UNION ALL SELECT 16) AS p, " +
        $"{Digits} AS a, {Digits} AS b, {Digits} AS c, {Digits} AS e) AS cp";

    private const string Bytes = $"(SELECT a.d * 16 + b.d AS seq FROM {Digits} AS a, {Digits} AS b) AS cp";

    public static async Task<CollationWeights> LoadAsync(MySqlConnection connection, string characterSet, string collation, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var clock = Stopwatch.StartNew();
        var cs = SqlLiteral.QuoteIdentifier(characterSet);
        var coll = SqlLiteral.QuoteIdentifier(collation);
        var unicode = IsUnicode(characterSet);
        var encoding = unicode ? null : CharsetEncodings.ForName(characterSet);
        var level = connection.IsMariaDb ? " LEVEL 1" : string.Empty;
        var split = !connection.IsMariaDb && HasLevels(collation);
        // A set of one byte a character is read byte by byte (CHAR(n USING cs) is the character of byte n), any other
        // set by converting every code point to it.
        var singleByte = !unicode && !CharacterSets.MaxBytes.ContainsKey(characterSet);
        var character = singleByte ? $"CHAR(seq USING {cs})" : $"CONVERT(CHAR(seq USING utf32) USING {cs})";

        var padSpace = Convert.ToInt64(await connection.QueryScalarAsync(
            $"SELECT CONVERT('a' USING {cs}) COLLATE {coll} = CONVERT('a ' USING {cs}) COLLATE {coll}", ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 1;
        var endsAtNul = Convert.ToInt64(await connection.QueryScalarAsync(
            $"SELECT CONVERT(CONCAT('x', CHAR(0), 'b') USING {cs}) COLLATE {coll} = CONVERT(CONCAT('x', CHAR(0), 'c') USING {cs}) COLLATE {coll}", ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 1;
        var space = await connection.QueryScalarAsync($"SELECT WEIGHT_STRING(CONVERT(' ' USING {cs}) COLLATE {coll}{level})", ct).ConfigureAwait(false) as byte[] ?? [];

        var builder = new CollationWeightTable.Builder();
        // A character the set cannot hold converts to '?': those are left out (but '?' itself, U+003F).
        var sql = singleByte
            ? $"SELECT seq, CAST({character} AS BINARY), WEIGHT_STRING({character} COLLATE {coll}{level}) FROM {Bytes}"
            : $"SELECT seq, {(unicode ? "NULL" : $"CAST({character} AS BINARY)")}, WEIGHT_STRING({character} COLLATE {coll}{level}) FROM {CodePoints} " +
              $"WHERE (seq < {SurrogateFirst} OR seq > {SurrogateLast}) AND (CAST({character} AS BINARY) <> 0x3F OR seq = 63)";
        var reader = await connection.QueryAsync(sql, ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var weight = PrimaryLevel(reader.GetRawBytes(2), split);
                if (unicode)
                {
                    builder.Add((int)reader.GetInt64(0), weight);
                    continue;
                }

                // The character as Tandem decodes its bytes in this set, which is how it will meet it in a value.
                var text = encoding!.GetString(reader.GetRawBytes(1));
                if (text.Length > 0 && System.Text.Rune.TryGetRuneAt(text, 0, out var rune) && rune.Utf16SequenceLength == text.Length)
                    builder.Add(rune.Value, weight);
            }
        }

        var table = builder.Build();
        var contractions = await CollationContractionsLoader.LoadAsync(connection, cs, coll, level, weight => PrimaryLevel(weight, split).ToArray(), table, ct).ConfigureAwait(false);
        var weights = new CollationWeights(collation, table, PrimaryLevel(space, split), padSpace, endsAtNul, contractions);
        logger.LogInformation(
            "read the weights of {Count} characters and {Contractions} contractions under {Collation} from {Server} in {Elapsed} ms ({Pad}; {Size} KiB held)",
            builder.Count, contractions.Count, collation, connection.Options.DisplayName, clock.ElapsedMilliseconds, padSpace ? "PAD SPACE" : "NO PAD", weights.SizeBytes / 1024);
        return weights;
    }

    private static bool IsUnicode(string characterSet) =>
        characterSet.ToLowerInvariant() is "utf8mb4" or "utf8mb3" or "utf8" or "utf16" or "utf16le" or "utf32" or "ucs2";

    /// <summary>
    /// MySQL 8's accent- or case-sensitive UCA 9.0.0 collations (utf8mb4_0900_as_cs, utf8mb4_ja_0900_as_cs_ks, ...) weigh
    /// on several levels (https://dev.mysql.com/doc/refman/8.4/en/charset-unicode-sets.html).
    /// </summary>
    private static bool HasLevels(string collation)
    {
        var name = collation.ToLowerInvariant();
        return name.Contains("_0900_", StringComparison.Ordinal) && !name.EndsWith("_bin", StringComparison.Ordinal)
            && (name.Contains("_as_", StringComparison.Ordinal) || name.EndsWith("_cs", StringComparison.Ordinal) || name.Contains("_cs_", StringComparison.Ordinal));
    }

    /// <summary>
    /// The primary level of a weight string. MariaDB computes it alone (LEVEL 1). MySQL 8 has no LEVEL clause and writes
    /// the levels of a multi-level collation one after another with a 0x0000 unit between them, so the weight up to the
    /// first such unit is the primary one.
    /// </summary>
    private static ReadOnlySpan<byte> PrimaryLevel(ReadOnlySpan<byte> weight, bool split)
    {
        if (!split)
            return weight;
        for (var i = 0; i + 1 < weight.Length; i += 2)
        {
            if (weight[i] == 0 && weight[i + 1] == 0)
                return weight[..i];
        }

        return weight;
    }
}
