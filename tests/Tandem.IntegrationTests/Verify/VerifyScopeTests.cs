using Tandem.IntegrationTests.Fixtures;

namespace Tandem.IntegrationTests.Verify;

/// <summary>
/// What a verification compares: schema differences reported before any data, <c>--where</c> narrowing the rows on
/// both sides, and time-slice mode naming exactly the slices that differ and comparing only their rows.
/// </summary>
[Collection(VerifyPairCollection.Name)]
public sealed class VerifyScopeTests(ReplicationPairFixture pair) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tandem-verify-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Journal(string name) => Path.Combine(_directory, name + ".jsonl");

    [Fact]
    public async Task Schema_differences_come_first_and_a_table_a_side_lacks_is_not_compared()
    {
        await using var db = await PairDatabase.CreateAsync(pair, "schema");
        await db.Source.ExecuteAsync("CREATE TABLE only_src (id INT PRIMARY KEY)");
        await db.Target.ExecuteAsync("CREATE TABLE only_tgt (id INT PRIMARY KEY)");
        await db.Source.ExecuteAsync("CREATE TABLE typed (id INT PRIMARY KEY, qty INT NOT NULL)");
        await db.Target.ExecuteAsync("CREATE TABLE typed (id INT PRIMARY KEY, qty BIGINT NOT NULL)");
        await db.BothAsync("INSERT INTO typed SELECT seq, seq * 3 FROM seq_1_to_2000");

        var run = await VerifyRun.RunAsync([.. db.Arguments(Journal("schema")), "--chunk-rows", "500", "--json"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = run.Report;
        Assert.Equal(
            [
                ($"{db.Name}.only_src", $"missing on the target (looked for {db.Name}.only_src)", false),
                ($"{db.Name}.typed", "column qty is int(11) on the source, bigint(20) on the target", true),
                ($"{db.Name}.only_tgt", "only on the target", false),
            ],
            report.Schema);
        Assert.True(report.Sections.ToList().IndexOf("schema") < report.Sections.ToList().IndexOf("tables"), "the schema differences follow the data");
        // The column's values are equal whatever their width: the data of the typed table matches.
        Assert.Equal([$"{db.Name}.typed"], report.Tables.Keys);
        Assert.Equal(new TableSummary("equal", 2_000, 2_000, report.Tables[$"{db.Name}.typed"].Chunks, 0, []), report.Tables[$"{db.Name}.typed"]);
        Assert.Empty(report.Findings);

        var text = await VerifyRun.RunAsync(db.Arguments(Journal("schema-text")));

        Assert.True(text.ExitCode == 1, text.ToString());
        var schemaAt = text.Stdout.IndexOf("Schema differences", StringComparison.Ordinal);
        Assert.True(schemaAt >= 0 && schemaAt < text.Stdout.IndexOf($"{db.Name}.typed ", schemaAt + 1, StringComparison.Ordinal), text.Stdout);
        Assert.Contains($"{db.Name}.typed: column qty is int(11) on the source, bigint(20) on the target", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_compares_only_the_rows_it_selects_on_both_sides()
    {
        await using var db = await PairDatabase.CreateAsync(pair, "where");
        await db.BothAsync(
            "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)",
            "INSERT INTO t SELECT seq, CONCAT('v', seq) FROM seq_1_to_3000");
        await db.TargetAsync(
            "UPDATE t SET v = 'changed' WHERE id IN (10, 2500)",
            "DELETE FROM t WHERE id IN (999, 2999)",
            "INSERT INTO t VALUES (3500, 'extra')");

        var run = await VerifyRun.RunAsync([.. db.Arguments(Journal("where")), "--where", "id <= 1000", "--chunk-rows", "300", "--chunk-time", "0", "--json"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = run.Report;
        Assert.Equal(
            Finding.Sorted([new($"{db.Name}.t", Finding.Differing, "id=10", "v"), new($"{db.Name}.t", Finding.OnlyInSource, "id=999")]),
            report.Findings);
        Assert.Equal((1_000L, 999L), (report.Tables[$"{db.Name}.t"].SourceRows, report.Tables[$"{db.Name}.t"].TargetRows));

        var outside = await VerifyRun.RunAsync([.. db.Arguments(Journal("where-outside")), "--where", "id BETWEEN 1001 AND 2400", "--json"]);

        Assert.True(outside.ExitCode == 0, outside.ToString());
        Assert.Empty(outside.Report.Findings);
        Assert.Equal((1_400L, 1_400L), (outside.Report.Tables[$"{db.Name}.t"].SourceRows, outside.Report.Tables[$"{db.Name}.t"].TargetRows));
    }

    [Fact]
    public async Task Time_slices_name_exactly_the_slices_that_differ_and_their_rows()
    {
        await using var db = await PairDatabase.CreateAsync(pair, "slices");
        // 2,400 rows 36 s apart fill 2026-01-01 (100 per hour); 100 more lie on 2026-01-02, outside the window.
        await db.BothAsync(
            "CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME NOT NULL, v INT NOT NULL, KEY (updated_at))",
            "INSERT INTO events SELECT seq, TIMESTAMP('2026-01-01') + INTERVAL seq * 36 SECOND, seq FROM seq_0_to_2399",
            "INSERT INTO events SELECT seq, TIMESTAMP('2026-01-02 06:00:00') + INTERVAL seq SECOND, seq FROM seq_2400_to_2499");
        await db.TargetAsync(
            "UPDATE events SET v = -1 WHERE id = 550", // 05:30
            "DELETE FROM events WHERE id = 2010", // 20:06
            "UPDATE events SET v = -1 WHERE id = 2450"); // outside the window

        string[] arguments =
        [
            .. db.Arguments(Journal("slices")),
            "--since", "2026-01-01 00:00:00", "--until", "2026-01-02 00:00:00", "--time-column", "updated_at", "--slice", "1h", "--chunk-rows", "40", "--json",
        ];

        var run = await VerifyRun.RunAsync(arguments);

        Assert.True(run.ExitCode == 1, run.ToString());
        AssertSlices(db.Name, run.Report);

        // Resumed from its finished journal, the run reports the same slices, rows and findings without comparing again.
        var resumed = await VerifyRun.RunAsync([.. arguments, "--resume"]);

        Assert.True(resumed.ExitCode == 1, resumed.ToString());
        AssertSlices(db.Name, resumed.Report);
        Assert.Equal(0, resumed.Report.SourceQueries);
    }

    private static void AssertSlices(string database, VerifyJsonReport report)
    {
        var table = report.Tables[$"{database}.events"];
        Assert.Equal(
            [
                new SliceSummary("2026-01-01 05:00:00.000000", "2026-01-01 06:00:00.000000", 100, 100),
                new SliceSummary("2026-01-01 20:00:00.000000", "2026-01-01 21:00:00.000000", 100, 99),
            ],
            table.Slices);
        Assert.Equal((2_400L, 2_399L), (table.SourceRows, table.TargetRows));
        Assert.Equal(
            Finding.Sorted([new($"{database}.events", Finding.Differing, "id=550", "v"), new($"{database}.events", Finding.OnlyInSource, "id=2010")]),
            report.Findings);
    }
}
