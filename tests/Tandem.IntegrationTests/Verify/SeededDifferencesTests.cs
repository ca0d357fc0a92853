using System.Globalization;
using Tandem.Core.Model;
using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Tandem.MySql.Protocol;
using Tandem.MySql.Verify;

namespace Tandem.IntegrationTests.Verify;

/// <summary>
/// The must-show: two servers with the same data, the target altered by a seeded set of differences
/// (<see cref="SeededDataset"/>); <c>tandem verify --json</c> reports exactly that set, the fix (applied, or as an SQL
/// file run twice) removes it, and then a verification and the servers' own CHECKSUM TABLE agree on every table.
/// </summary>
[Collection(VerifyPairCollection.Name)]
public sealed class SeededDifferencesTests(ReplicationPairFixture pair) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tandem-verify-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Journal(string name) => Path.Combine(_directory, name + ".jsonl");

    /// <summary>Small chunks of a fixed size: several chunks per table, each drilled down on its own.</summary>
    private static readonly string[] SmallChunks = ["--chunk-rows", "500", "--chunk-time", "0", "--json"];

    [Fact]
    public async Task Verify_reports_exactly_the_seeded_differences_and_fix_removes_them()
    {
        Assert.Equal(EveryTypeCaptureTests.ValueColumns, SeededDataset.EveryTypeChanges.Select(static c => c.Column));
        await using var db = await PairDatabase.CreateAsync(pair, "seeded");
        var seeded = await SeededDataset.CreateAsync(db);

        var run = await VerifyRun.RunAsync([.. db.Arguments(Journal("first")), .. SmallChunks]);

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = run.Report;
        Assert.Equal("different", report.Result);
        Assert.Empty(report.Schema);
        Assert.Equal(seeded.Expected, report.Findings);
        // MariaDB stores the planted -0.0 as +0.0, so that row is equal (a server keeping -0.0 has it in Expected).
        Assert.Equal(seeded.NegativeZeroKept, report.Findings.Any(static f => f.Table.EndsWith(".edge", StringComparison.Ordinal) && f.Row == "id=40"));
        AssertRowCounts(seeded, report);
        foreach (var table in SeededDataset.Tables.Where(static t => t != "keyless"))
            Assert.True(report.Tables[$"{seeded.Database}.{table}"].Chunks >= 5, $"{table} was compared in one chunk");
        AssertEdgeValues(seeded.Database, report);

        var fix = await VerifyRun.RunAsync([.. db.Arguments(Journal("fix")), .. SmallChunks, "--fix"]);

        Assert.True(fix.ExitCode == 1, fix.ToString());
        Assert.Equal(seeded.Expected, fix.Report.Findings);
        Assert.Equal(seeded.Expected.Count, fix.Report.FixedRows);
        await AssertEqualAfterFixAsync(db);
    }

    [Fact]
    public async Task The_fix_sql_file_is_transactional_idempotent_and_removes_every_seeded_difference()
    {
        await using var db = await PairDatabase.CreateAsync(pair, "fixsql");
        var seeded = await SeededDataset.CreateAsync(db);
        var file = Path.Combine(_directory, "fix.sql");

        var run = await VerifyRun.RunAsync([.. db.Arguments(Journal("fixsql")), .. SmallChunks, "--fix-sql", file]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(seeded.Expected, run.Report.Findings);
        var sql = await File.ReadAllTextAsync(file);
        var lines = sql.Split('\n');
        var begins = lines.Count(static l => l == "START TRANSACTION;");
        Assert.Equal(SeededDataset.Tables.Length, begins);
        Assert.Equal(begins, lines.Count(static l => l == "COMMIT;"));
        // Every statement that writes is inside a transaction.
        var open = false;
        foreach (var line in lines)
        {
            if (line == "START TRANSACTION;")
            {
                Assert.False(open, "a transaction starts inside another");
                open = true;
            }
            else if (line == "COMMIT;")
            {
                open = false;
            }
            else if (line.StartsWith("INSERT", StringComparison.Ordinal) || line.StartsWith("DELETE", StringComparison.Ordinal))
            {
                Assert.True(open, $"outside a transaction: {line[..Math.Min(line.Length, 80)]}");
            }
        }

        // The target client runs the file twice: the second run must change nothing.
        await pair.Target.ExecuteSqlAsync(sql, CancellationToken.None);
        var once = await TableComparison.FingerprintsAsync(pair.Target.Uri, db.Name, SeededDataset.Tables);
        await pair.Target.ExecuteSqlAsync(sql, CancellationToken.None);
        Assert.Equal(once, await TableComparison.FingerprintsAsync(pair.Target.Uri, db.Name, SeededDataset.Tables));
        await AssertEqualAfterFixAsync(db);
    }

    [Fact]
    public async Task A_chunk_above_the_leaf_size_is_split_64_ways_before_its_rows_are_listed()
    {
        await using var db = await PairDatabase.CreateAsync(pair, "level");
        var seeded = await SeededDataset.CreateAsync(db);
        Assert.True(20_000 > TableVerifier.LeafRows);

        var run = await VerifyRun.RunAsync([.. db.Arguments(Journal("level"), "big"), "--chunk-rows", "20000", "--chunk-time", "0", "--json"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = run.Report;
        Assert.Equal(seeded.Expected.Where(static f => f.Table.EndsWith(".big", StringComparison.Ordinal)), report.Findings);
        var big = report.Tables[$"{seeded.Database}.big"];
        Assert.Equal((2, 1), (big.Chunks, big.DifferingChunks));
        // On the source: the two chunk reads, one 64-way level, the leaf's keys and digests, the differing row read whole.
        // Listing the 20,000-row chunk at once would take one query fewer.
        Assert.Equal(5, report.SourceQueries);
        Assert.Equal(5, report.TargetQueries);
    }

    [Fact]
    public async Task A_negative_zero_double_is_stored_as_zero_yet_the_canonical_field_tells_them_apart()
    {
        await using var db = await PairDatabase.CreateAsync(pair, "negzero");
        await db.BothAsync("CREATE TABLE z (id INT PRIMARY KEY, d DOUBLE)", "INSERT INTO z VALUES (1, 0e0)");
        await db.TargetAsync("UPDATE z SET d = -0e0 WHERE id = 1");
        var stored = Convert.ToDouble(await db.Target.QueryScalarAsync("SELECT ATAN2(d, -1) FROM z"), CultureInfo.InvariantCulture);
        var column = new ColumnSchema { Name = "d", DataType = "double", ColumnType = "double" };

        // A derived table over rows (a constant one would be materialized, and its DOUBLE column would drop the sign).
        var fields = new List<string>();
        await using (var reader = await db.Source.QueryAsync(
            $"SELECT {CanonicalSql.Field(column, convertText: false)} FROM (SELECT seq, IF(seq = 1, -(0e0), 0e0) AS d FROM seq_1_to_2) v ORDER BY seq"))
        {
            while (await reader.ReadAsync())
                fields.Add(reader.GetString(0)!);
        }

        Assert.Equal(["-0", "0"], fields);
        var run = await VerifyRun.RunAsync([.. db.Arguments(Journal("negzero")), "--json"]);
        if (stored > 0)
        {
            // The server normalised the planted -0.0 to +0.0: the rows are equal, and verify says so.
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Empty(run.Report.Findings);
        }
        else
        {
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Equal([new Finding($"{db.Name}.z", Finding.Differing, "id=1", "d")], run.Report.Findings);
        }
    }

    private static void AssertRowCounts(SeededDataset seeded, VerifyJsonReport report)
    {
        Assert.Equal(SeededDataset.Tables.Select(t => $"{seeded.Database}.{t}"), report.Tables.Keys.Order(StringComparer.Ordinal));
        foreach (var (table, (source, target)) in SeededDataset.RowCounts)
        {
            var summary = report.Tables[$"{seeded.Database}.{table}"];
            Assert.Equal((table, "different", source, target), (table, summary.Result, summary.SourceRows, summary.TargetRows));
        }
    }

    /// <summary>The edge cases show both sides' values as they are, so a reader sees what differs.</summary>
    private static void AssertEdgeValues(string database, VerifyJsonReport report)
    {
        var edge = $"{database}.edge";
        Assert.Equal((null, ""), report.Values[(edge, "id=10", "vnull")]);
        Assert.Equal(("s20", "s20 "), report.Values[(edge, "id=20", "vspace")]);
        Assert.Equal(("Name30", "NAME30"), report.Values[(edge, "id=30", "vcase")]);
        Assert.Equal(("61.7250", "61.7251"), report.Values[(edge, "id=50", "amount")]);
        Assert.Equal(("2024-01-01 00:01:00.000060", "2024-01-01 00:01:00.000061"), report.Values[(edge, "id=60", "at")]);
        Assert.Equal(("0.000000000000000000000000000001", "0.000000000000000000000000000002"), report.Values[($"{database}.every", "id=112", "dec65")]);
        Assert.Equal(("2024-00-00 00:00:00.500000", "2024-00-00 00:00:00.500001"), report.Values[($"{database}.every", "id=125", "dtm6")]);
        Assert.Equal(("0.1", "0.10000000000000002"), report.Values[($"{database}.every", "id=111", "d")]);
        Assert.Equal(("::ffff:1.2.3.4", "::ffff:1.2.3.5"), report.Values[($"{database}.every", "id=148", "i6")]);
        Assert.Equal(("6ccd780c-baba-1026-9564-5b8c656024db", "6ccd780c-baba-1026-9564-5b8c656024dc"), report.Values[($"{database}.every", "id=149", "u")]);
    }

    private async Task AssertEqualAfterFixAsync(PairDatabase db)
    {
        var again = await VerifyRun.RunAsync([.. db.Arguments(Journal("again")), .. SmallChunks]);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("equal", again.Report.Result);
        Assert.Empty(again.Report.Findings);
        Assert.All(again.Report.Tables.Values, static t => Assert.Equal("equal", t.Result));
        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, db.Name, pair.Target.Uri, db.Name);
    }
}
