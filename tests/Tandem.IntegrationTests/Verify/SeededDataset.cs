using Tandem.IntegrationTests.Capture;

namespace Tandem.IntegrationTests.Verify;

/// <summary>
/// Tables loaded identically on both servers, then altered on the target by a known set of differences, each written
/// down as the finding a verification must report:
/// <list type="bullet">
/// <item><c>every</c>: one row per column type with that one column changed by the smallest step the type has.</item>
/// <item><c>edge</c>: NULL against '', a trailing space, a case-only change under a case-insensitive collation,
/// -0.0 against 0.0 in a DOUBLE, the last digit of a DECIMAL, one microsecond of a DATETIME(6); rows missing and extra
/// at the start, in the middle and at the end of the key range.</item>
/// <item><c>pairs</c>: a two-column key with a changed, a missing and an extra row.</item>
/// <item><c>keyless</c>: no key; a duplicated row and a missing one, in enough rows that the multiset is split once.</item>
/// <item><c>big</c>: 30,000 rows, its differences all below id 20,000, so a 20,000-row chunk is split 64 ways before its leaf.</item>
/// </list>
/// </summary>
internal sealed class SeededDataset
{
    /// <summary>Each value column of <c>every</c> with a value differing from row 4's by the least its type allows.</summary>
    internal static readonly (string Column, string Value)[] EveryTypeChanges =
    [
        ("ti", "2"), ("tu", "3"), ("si", "-4"), ("su", "5"), ("mi", "-6"), ("mu", "7"), ("i", "-8"), ("iu", "9"), ("bi", "-10"), ("bu", "11"),
        ("f", "1.5000001"), // the next FLOAT above 1.5
        ("d", "0.10000000000000002"), // one ulp above 0.1
        ("dec65", "0.000000000000000000000000000002"), ("dec10", "2"), ("dec52", "-0.02"), ("decu", "1.5001"),
        ("b1", "b'0'"), ("b13", "b'100'"), ("b64", "b'10'"), ("y", "1902"),
        ("dt", "'2024-02-28'"), ("tm", "'12:34:57'"), ("tm3", "'-12:34:56.788'"), ("tm6", "'00:00:00.000002'"),
        ("dtm", "'2024-02-29 12:34:57'"), ("dtm6", "'2024-00-00 00:00:00.500001'"), ("ts", "'2024-06-01 12:00:00.124'"),
        ("ch", "'X'"), ("ch4", "'ý'"), ("vc", "'w'"), ("vcl", "'é'"), ("vcb", "'yy'"),
        ("bn", "X'02'"), ("vb", "X'000100'"),
        ("tt", "'T'"), ("tx", "'text '"), ("mt", "'mediun'"), ("lt", "'lone'"), ("tb", "X'0000'"), ("bl", "X'FE'"), ("mb", "X'1235'"), ("lb", "X'5679'"),
        ("e", "'b'"), ("s", "'x'"), ("j", "'{\"k\": 2}'"), ("g", "ST_GeomFromText('LINESTRING(0 0, 1 1, 2 5)')"), ("p", "ST_GeomFromText('POINT(3 5)')"),
        ("i4", "'127.0.0.2'"), ("i6", "'::ffff:1.2.3.5'"), ("u", "'6ccd780c-baba-1026-9564-5b8c656024dc'"),
    ];

    private SeededDataset(string database, IReadOnlyList<Finding> expected, bool negativeZeroKept)
    {
        Database = database;
        Expected = expected;
        NegativeZeroKept = negativeZeroKept;
    }

    public string Database { get; }

    /// <summary>Every finding the seeded differences must produce, and nothing else.</summary>
    public IReadOnlyList<Finding> Expected { get; }

    /// <summary>
    /// Whether the target kept the -0.0 planted in <c>edge.dz</c>. MariaDB stores a negative zero DOUBLE as +0, so the
    /// row is equal and must not be reported; a server that keeps it must have it reported.
    /// </summary>
    public bool NegativeZeroKept { get; }

    public static readonly string[] Tables = ["big", "edge", "every", "keyless", "pairs"];

    public static async Task<SeededDataset> CreateAsync(PairDatabase db)
    {
        var t = db.Name;
        var expected = new List<Finding>();

        // every: the four rows of the capture tests, then copies of row 4; row 100 + i has the i-th column changed.
        await db.BothAsync(EveryTypeCaptureTests.CreateTable);
        foreach (var row in EveryTypeCaptureTests.Rows)
            await db.BothAsync($"INSERT INTO every VALUES {row}");
        var columns = string.Join(", ", EveryTypeCaptureTests.ValueColumns);
        await db.BothAsync($"INSERT INTO every SELECT s.seq, {columns} FROM every CROSS JOIN seq_5_to_2000 s WHERE every.id = 4");
        for (var i = 0; i < EveryTypeChanges.Length; i++)
        {
            var (column, value) = EveryTypeChanges[i];
            await db.TargetAsync($"UPDATE every SET {column} = {value} WHERE id = {100 + i}");
            expected.Add(new Finding($"{t}.every", Finding.Differing, $"id={100 + i}", column));
        }

        // edge: 1..3000 without 1234.
        await db.BothAsync(
            """
            CREATE TABLE edge (
              id INT PRIMARY KEY, vnull VARCHAR(20) NULL, vspace VARCHAR(20) NOT NULL,
              vcase VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
              dz DOUBLE NOT NULL, amount DECIMAL(14,4) NOT NULL, at DATETIME(6) NOT NULL
            ) DEFAULT CHARSET=utf8mb4
            """,
            """
            INSERT INTO edge SELECT seq, IF(seq = 10, NULL, CONCAT('n', seq)), CONCAT('s', seq), CONCAT('Name', seq),
              IF(seq = 40, 0e0, seq / 7e0), seq * 1.2345, TIMESTAMP('2024-01-01') + INTERVAL seq SECOND + INTERVAL seq MICROSECOND
            FROM seq_1_to_3000 WHERE seq <> 1234
            """);
        await db.TargetAsync(
            "UPDATE edge SET vnull = '' WHERE id = 10",
            "UPDATE edge SET vspace = 's20 ' WHERE id = 20",
            "UPDATE edge SET vcase = 'NAME30' WHERE id = 30",
            "UPDATE edge SET dz = -0e0 WHERE id = 40",
            "UPDATE edge SET amount = amount + 0.0001 WHERE id = 50",
            "UPDATE edge SET at = at + INTERVAL 1 MICROSECOND WHERE id = 60",
            "DELETE FROM edge WHERE id IN (1, 100, 1500, 3000)",
            "INSERT INTO edge VALUES (0, 'x', 'x', 'x', 0, 0, '2024-01-01'), (1234, 'x', 'x', 'x', 0, 0, '2024-01-01'), (3001, 'x', 'x', 'x', 0, 0, '2024-01-01')");
        expected.AddRange(
        [
            new($"{t}.edge", Finding.Differing, "id=10", "vnull"),
            new($"{t}.edge", Finding.Differing, "id=20", "vspace"),
            new($"{t}.edge", Finding.Differing, "id=30", "vcase"),
            new($"{t}.edge", Finding.Differing, "id=50", "amount"),
            new($"{t}.edge", Finding.Differing, "id=60", "at"),
            new($"{t}.edge", Finding.OnlyInSource, "id=1"),
            new($"{t}.edge", Finding.OnlyInSource, "id=100"),
            new($"{t}.edge", Finding.OnlyInSource, "id=1500"),
            new($"{t}.edge", Finding.OnlyInSource, "id=3000"),
            new($"{t}.edge", Finding.OnlyInTarget, "id=0"),
            new($"{t}.edge", Finding.OnlyInTarget, "id=1234"),
            new($"{t}.edge", Finding.OnlyInTarget, "id=3001"),
        ]);
        // ATAN2(-0, -1) is -pi, ATAN2(+0, -1) is +pi: the sign the server actually stored.
        var negativeZeroKept = Convert.ToDouble(await db.Target.QueryScalarAsync("SELECT ATAN2(dz, -1) FROM edge WHERE id = 40"), System.Globalization.CultureInfo.InvariantCulture) < 0;
        if (negativeZeroKept)
            expected.Add(new Finding($"{t}.edge", Finding.Differing, "id=40", "dz"));

        // pairs: a two-column key, regions a..d by n 0..749.
        await db.BothAsync(
            "CREATE TABLE pairs (region VARCHAR(8) NOT NULL, n INT NOT NULL, qty INT NOT NULL, note VARCHAR(20), PRIMARY KEY (region, n))",
            "INSERT INTO pairs SELECT ELT(1 + seq % 4, 'a', 'b', 'c', 'd'), seq DIV 4, seq, CONCAT('note ', seq) FROM seq_0_to_2999");
        await db.TargetAsync(
            "UPDATE pairs SET qty = qty + 1 WHERE region = 'b' AND n = 10",
            "DELETE FROM pairs WHERE region = 'c' AND n = 700",
            "INSERT INTO pairs VALUES ('a', 5000, 1, 'extra')");
        expected.AddRange(
        [
            new($"{t}.pairs", Finding.Differing, "region=b,n=10", "qty"),
            new($"{t}.pairs", Finding.OnlyInSource, "region=c,n=700"),
            new($"{t}.pairs", Finding.OnlyInTarget, "region=a,n=5000"),
        ]);

        // keyless: 12,000 rows, more than one leaf holds, so the multiset is split 64 ways first.
        await db.BothAsync(
            "CREATE TABLE keyless (n INT, label VARCHAR(20))",
            "INSERT INTO keyless SELECT seq, CONCAT('k', seq) FROM seq_1_to_12000");
        await db.TargetAsync(
            "INSERT INTO keyless VALUES (77, 'k77')",
            "DELETE FROM keyless WHERE n = 500");
        expected.AddRange(
        [
            new($"{t}.keyless", Finding.OnlyInTarget, "n=77,label=k77 copies 1/2"),
            new($"{t}.keyless", Finding.OnlyInSource, "n=500,label=k500 copies 1/0"),
        ]);

        // big: 1..30000 without 15000.
        await db.BothAsync(
            "CREATE TABLE big (id INT PRIMARY KEY, payload VARCHAR(40) NOT NULL, v INT NOT NULL)",
            "INSERT INTO big SELECT seq, SHA1(seq), seq FROM seq_1_to_30000 WHERE seq <> 15000");
        await db.TargetAsync(
            "UPDATE big SET v = -v WHERE id = 5000",
            "DELETE FROM big WHERE id = 12000",
            "INSERT INTO big VALUES (15000, 'extra', 0)");
        expected.AddRange(
        [
            new($"{t}.big", Finding.Differing, "id=5000", "v"),
            new($"{t}.big", Finding.OnlyInSource, "id=12000"),
            new($"{t}.big", Finding.OnlyInTarget, "id=15000"),
        ]);

        return new SeededDataset(t, [.. Finding.Sorted(expected)], negativeZeroKept);
    }

    /// <summary>Rows on each side per table after the seeding.</summary>
    public static readonly IReadOnlyDictionary<string, (long Source, long Target)> RowCounts = new Dictionary<string, (long, long)>
    {
        ["big"] = (29_999, 29_999),
        ["edge"] = (2_999, 2_998),
        ["every"] = (2_000, 2_000),
        ["keyless"] = (12_000, 12_000),
        ["pairs"] = (3_000, 3_000),
    };
}
