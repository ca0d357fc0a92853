using System.Text;
using Tandem.Core.Model;
using Tandem.Core.Replication.Folding;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;
using Tandem.MySql.Schema.Collations;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Schema;

/// <summary>
/// Asks the server itself whether Tandem's key folds equate everything a collation does: every character of every plane
/// the character set holds, and strings built to hit the hard cases (expansions, ignorables, contractions, trailing
/// spaces and their look-alikes, case, accents, scripts). Whenever the server ranks two values equal, their folds must
/// hash alike; where the fold is expected to be exact (a single-level collation without contractions), values the server
/// tells apart must also hash apart, so a fold that equated everything would fail too.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class CollationFoldTests
{
    private const ulong Seed = 0x1234_5678_9abc_def0;

    // Single-level collations without contractions, where the fold should be exactly the collation's equality.
    private static readonly HashSet<string> Exact = new(StringComparer.OrdinalIgnoreCase)
    {
        "utf8mb4_general_ci", "utf8mb4_general_nopad_ci", "utf8mb4_unicode_ci", "utf8mb4_unicode_nopad_ci",
        "utf8mb4_unicode_520_ci", "utf8mb4_unicode_520_nopad_ci", "utf8mb4_uca1400_ai_ci", "utf8mb4_uca1400_nopad_ai_ci",
        "utf8mb4_bin", "utf8mb4_nopad_bin", "utf8mb4_german2_ci", "utf8mb4_turkish_ci", "utf8mb4_swedish_ci",
        "utf8mb3_general_ci", "utf8mb3_unicode_ci", "utf8mb3_bin", "latin1_swedish_ci", "latin1_german1_ci",
        "latin1_german2_ci", "latin1_bin", "latin1_general_ci", "ascii_general_ci", "ascii_bin", "utf16_general_ci", "utf32_unicode_ci",
    };

    // Multi-byte sets of East Asian encodings whose WEIGHT_STRING is coarser than their equality (under big5_chinese_ci
    // it gives many ideographs one weight though '=' tells them apart): their folds are safe but fold much more.
    private static readonly HashSet<string> LegacyMultiByte = new(StringComparer.OrdinalIgnoreCase)
    {
        "big5", "cp932", "eucjpms", "euckr", "gb2312", "gbk", "sjis", "ujis",
    };

    // The collations a default run checks: the defaults of the common character sets, the UCA families, binary and
    // NO PAD variants, case- and accent-sensitive ones, and tailorings with contractions and expansions.
    private static readonly string[] Default =
    [
        "utf8mb4_general_ci", "utf8mb4_general_nopad_ci", "utf8mb4_unicode_ci", "utf8mb4_unicode_520_ci", "utf8mb4_unicode_520_nopad_ci",
        "utf8mb4_uca1400_ai_ci", "utf8mb4_uca1400_as_cs", "utf8mb4_bin", "utf8mb4_nopad_bin", "utf8mb4_czech_ci", "utf8mb4_spanish2_ci",
        "utf8mb4_german2_ci", "utf8mb4_turkish_ci", "utf8mb4_thai_520_w2", "utf8mb3_general_ci", "utf8mb3_unicode_ci",
        "latin1_swedish_ci", "latin1_general_cs", "latin1_german2_ci", "latin1_bin", "ascii_general_ci", "utf16_general_ci", "big5_chinese_ci",
    ];

    // Characters that test folds: spaces and their look-alikes, ignorables, expansions, case pairs, accents, contractions'
    // letters, scripts with their own rules, compatibility forms, supplementary-plane characters.
    private static readonly string[] Alphabet =
    [
        " ", "\t", "\0", "\u00a0", "\u3000", "\u00ad", "\u200b", "\u200d", "\ufeff", "\u0301", "\u0308", "\u0327",
        "a", "A", "á", "À", "ä", "Ä", "å", "æ", "Æ", "b", "c", "C", "ç", "č", "h", "H", "ch", "d", "z", "Z", "ž", "ǅ", "ǆ", "Ǆ",
        "e", "E", "é", "ë", "ё", "е", "Ё", "Е", "ε", "έ", "Ε", "i", "I", "ı", "İ", "l", "L", "ĳ", "Ĳ", "n", "ñ", "Ñ", "o", "ö", "œ", "Œ", "ø",
        "s", "S", "ß", "ẞ", "ſ", "ς", "σ", "Σ", "t", "þ", "u", "ü", "y", "ÿ", "ﬁ", "ﬀ", "Ａ", "ａ", "ｱ", "ア", "あ", "가", "漢",
        "1", "¹", "①", "٣", "-", "_", "'", "\\", "\ufffd", "😀", "😃", "𝐀", "𠀀",
        // Letters of contractions and what they equal: Cyrillic И + breve = Й, Croatian dž = ǆ, lj = ǉ, Danish aa = å,
        // Catalan l·l, Thai and Lao nikhahit + sara aa = sara am, Tibetan and Myanmar vowel signs.
        "И", "и", "Й", "й", "\u0306", "j", "ǉ", "ǈ", "Ǉ", "ǌ", "å", "Å", "·", "ŀ", "\u0e4d", "\u0e32", "\u0e33", "ก",
        "\u0ecd", "\u0eb2", "\u0eb3", "\u0f71", "\u0f72", "\u0f73", "\u0f80", "\u0fb2", "\u1025", "\u102e", "\u1026",
    ];

    private readonly MariaDbFixture _fixture;
    private readonly ITestOutputHelper _output;

    public CollationFoldTests(MariaDbFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public static TheoryData<string> DefaultCollations => [.. Default];

    [Theory]
    [MemberData(nameof(DefaultCollations))]
    public async Task Characters_and_strings_the_server_holds_equal_fold_alike(string collation)
    {
        await using var connection = await MySqlConnection.OpenAsync(_fixture.Server.Uri);
        await CheckAsync(connection, collation, CharacterSetOf(collation));
    }

    /// <summary>Every collation of every character set Tandem decodes, when the soak tests run.</summary>
    [SoakFact]
    public async Task Every_collation_of_every_decodable_character_set_folds_what_it_equates()
    {
        await using var connection = await MySqlConnection.OpenAsync(_fixture.Server.Uri);
        var collations = new List<(string Collation, string CharacterSet)>();
        await using (var reader = await connection.QueryAsync(
            "SELECT FULL_COLLATION_NAME, CHARACTER_SET_NAME FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY ORDER BY 1"))
        {
            while (await reader.ReadAsync())
                collations.Add((reader.GetString(0)!, reader.GetString(1)!));
        }

        var checkedCount = 0;
        foreach (var (collation, charset) in collations)
        {
            if (charset == "binary" || !Decodes(charset))
                continue;
            await CheckAsync(connection, collation, charset);
            checkedCount++;
        }

        Assert.True(checkedCount > 100, $"only {checkedCount} collations were checked");
    }

    private async Task CheckAsync(MySqlConnection connection, string collation, string charset)
    {
        var table = new TableSchema
        {
            Database = "db",
            Name = "t",
            Columns = [new ColumnSchema { Name = "k", DataType = "varchar", ColumnType = "varchar(20)", CharacterSet = charset, Collation = collation, Nullable = false }],
            Indexes = [new IndexSchema { Name = "PRIMARY", Columns = ["k"], IsPrimary = true, IsUnique = true }],
        };
        await using var folds = new KeyFolds(MySqlConnectionOptions.Parse(_fixture.Server.Uri), new TestOutputLogger(_output, "folds"));
        var fold = (await folds.ForTableAsync(table, "no_such_db", "no_such_table", CancellationToken.None))(table.Columns[0]);
        Assert.NotNull(fold);
        Assert.IsNotType<AnyTextFold>(fold);
        var encoding = CharsetEncodings.ForName(charset)!;

        var cs = SqlLiteral.QuoteIdentifier(charset);
        var coll = SqlLiteral.QuoteIdentifier(collation);
        var character = $"CONVERT(CHAR(seq USING utf32) USING {cs}) COLLATE {coll}";
        var characters = await RankedAsync(
            connection,
            $"SELECT CAST({character} AS BINARY), DENSE_RANK() OVER (ORDER BY {character}) FROM mysql.seq_0_to_1114111 " +
            $"WHERE (seq < 55296 OR seq > 57343) AND (CAST({character} AS BINARY) <> 0x3F OR seq = 63)",
            encoding, fold);
        var strings = await RankedStringsAsync(connection, collation, charset, encoding, fold);
        Assert.True(characters.Values >= 128, $"{collation}: only {characters.Values} characters were read");

        _output.WriteLine(
            $"{collation}: {characters.Values} characters in {characters.Ranks} classes folded to {characters.Hashes} hashes; " +
            $"{strings.Values} strings in {strings.Ranks} classes folded to {strings.Hashes} hashes");
        Assert.True(characters.Missed.Count == 0, $"{collation}: the server holds equal characters Tandem folds apart: {string.Join("; ", characters.Missed.Take(10))}");
        Assert.True(strings.Missed.Count == 0, $"{collation}: the server holds equal strings Tandem folds apart: {string.Join("; ", strings.Missed.Take(10))}");
        if (Exact.Contains(collation))
        {
            Assert.True(characters.Hashes == characters.Ranks, $"{collation}: {characters.Ranks} character classes folded to {characters.Hashes} hashes");
            Assert.True(strings.Hashes == strings.Ranks, $"{collation}: {strings.Ranks} string classes folded to {strings.Hashes} hashes");
        }
        else if (!LegacyMultiByte.Contains(charset))
        {
            // Folding more than the collation is allowed, not folding into nothing.
            // (latin2_czech_cs weighs on four levels, its primary one about a fifth as fine as its equality.)
            Assert.True(characters.Hashes * 10 > characters.Ranks, $"{collation}: {characters.Ranks} character classes folded to only {characters.Hashes} hashes");
        }
    }

    /// <summary>
    /// Strings of one to three letters of the alphabet, with trailing spaces and look-alikes, in a table of the collation;
    /// the server ranks them (ties are equal values) and Tandem folds them as it reads them back.
    /// </summary>
    private static async Task<Ranking> RankedStringsAsync(MySqlConnection connection, string collation, string charset, Encoding encoding, IKeyTextFold fold)
    {
        var random = new Random(20261207);
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in Alphabet)
        {
            candidates.Add(a);
            foreach (var tail in new[] { " ", "  ", "\u00a0", "\t", "\0", "\u3000" })
                candidates.Add(a + tail);
            foreach (var b in Alphabet)
                candidates.Add(a + b);
        }

        for (var i = 0; i < 6000; i++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(1, 5); n > 0; n--)
                text.Append(Alphabet[random.Next(Alphabet.Length)]);
            if (random.Next(4) == 0)
                text.Append(' ', random.Next(1, 3));
            candidates.Add(text.ToString());
        }

        // What the character set cannot hold comes back as '?' (or fails): those strings are left out.
        var bmpOnly = charset is "utf8mb3" or "ucs2";
        var representable = candidates.Where(s => RoundTrips(encoding, s) && !(bmpOnly && s.Any(char.IsSurrogate))).ToList();
        var database = DatabaseNames.Unique("fold");
        await connection.ExecuteAsync($"CREATE DATABASE {database}");
        try
        {
            var cs = SqlLiteral.QuoteIdentifier(charset);
            await connection.ExecuteAsync($"CREATE TABLE {database}.u (id INT PRIMARY KEY, v VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL)");
            await connection.ExecuteAsync(
                $"CREATE TABLE {database}.s (id INT PRIMARY KEY, v VARCHAR(40) CHARACTER SET {cs} COLLATE {SqlLiteral.QuoteIdentifier(collation)} NOT NULL)");
            foreach (var chunk in representable.Select((s, i) => (s, i)).Chunk(500))
            {
                var values = string.Join(", ", chunk.Select(static p => $"({p.i}, {SqlLiteral.Format(p.s)})"));
                await connection.ExecuteAsync($"INSERT INTO {database}.u VALUES {values}");
            }

            // Only what the server's own character set holds (Tandem's decoder of a set may know more, as GBK's does of gb2312).
            // Not strict, so a character the set lacks converts to '?' (and is filtered out) rather than failing the statement.
            await connection.ExecuteAsync("SET SESSION sql_mode = ''");
            await connection.ExecuteAsync(
                $"INSERT INTO {database}.s SELECT id, CONVERT(v USING {cs}) FROM {database}.u " +
                $"WHERE CAST(CONVERT(CONVERT(v USING {cs}) USING utf8mb4) AS BINARY) = CAST(v AS BINARY)");
            await connection.ExecuteAsync("SET SESSION sql_mode = DEFAULT");

            return await RankedAsync(connection, $"SELECT CAST(v AS BINARY), DENSE_RANK() OVER (ORDER BY v) FROM {database}.s", encoding, fold);
        }
        finally
        {
            await connection.ExecuteAsync($"DROP DATABASE {database}");
        }
    }

    private static bool RoundTrips(Encoding encoding, string text)
    {
        try
        {
            return encoding.GetString(encoding.GetBytes(text)) == text;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Reads (value bytes, rank) rows, decodes each value as Tandem does, and compares ranks with folds.</summary>
    private static async Task<Ranking> RankedAsync(MySqlConnection connection, string sql, Encoding encoding, IKeyTextFold fold)
    {
        var byRank = new Dictionary<long, (ulong Hash, string Text)>();
        var hashes = new HashSet<ulong>();
        var missed = new List<string>();
        long values = 0;
        await using (var reader = await connection.QueryAsync(sql))
        {
            while (await reader.ReadAsync())
            {
                var text = encoding.GetString(reader.GetRawBytes(0));
                var rank = reader.GetInt64(1);
                var hash = fold.Add(Seed, text);
                values++;
                hashes.Add(hash);
                if (!byRank.TryGetValue(rank, out var first))
                    byRank[rank] = (hash, text);
                else if (first.Hash != hash)
                    missed.Add($"{Describe(first.Text)} = {Describe(text)}");
            }
        }

        return new Ranking(values, byRank.Count, hashes.Count, missed);
    }

    private static string Describe(string text) =>
        "'" + string.Concat(text.EnumerateRunes().Select(static r => r.Value is >= 0x21 and < 0x7f ? r.ToString() : $"\\u{r.Value:X4}")) + "'";

    private static string CharacterSetOf(string collation) => collation[..collation.IndexOf('_', StringComparison.Ordinal)];

    private static bool Decodes(string charset)
    {
        try
        {
            return CharsetEncodings.ForName(charset) is not null;
        }
        catch (MySqlException)
        {
            return false;
        }
    }

    private sealed record Ranking(long Values, int Ranks, int Hashes, List<string> Missed);
}
