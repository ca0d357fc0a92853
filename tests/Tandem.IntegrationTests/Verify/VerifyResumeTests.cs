using System.Text.Json;
using Tandem.Cli;
using Tandem.IntegrationTests.Fixtures;

namespace Tandem.IntegrationTests.Verify;

/// <summary>
/// <c>--resume</c>: a verification stopped part way (cancelled, or its journal cut short by a crash) continues from its
/// journal, skips what was finished, and reports exactly what a run from the start reports.
/// </summary>
[Collection(VerifyPairCollection.Name)]
public sealed class VerifyResumeTests(ReplicationPairFixture pair) : IDisposable
{
    private static readonly string[] Tables = ["r1", "r2", "r3"];

    private readonly string _directory = Directory.CreateTempSubdirectory("tandem-verify-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Journal(string name) => Path.Combine(_directory, name + ".jsonl");

    /// <summary>One table at a time in fixed 500-row chunks, so the journal's order is the tables' and chunks' order.</summary>
    private static readonly string[] Serial = ["--threads", "1", "--chunk-rows", "500", "--chunk-time", "0"];

    [Fact]
    public async Task A_cancelled_run_resumes_after_its_finished_table_and_reports_exactly_the_differences()
    {
        await using var db = await PairDatabase.CreateAsync(pair, "resume");
        var expected = await SeedAsync(db);
        var fresh = await VerifyRun.RunAsync([.. db.Arguments(Journal("fresh")), .. Serial, "--json"]);
        Assert.True(fresh.ExitCode == 1, fresh.ToString());
        Assert.Equal(expected, fresh.Report.Findings);

        // A rate limit stretches the run to seconds; it is cancelled once the journal records a finished table.
        var journal = Journal("cancelled");
        using var cancel = new CancellationTokenSource();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var running = Program.RunAsync(["verify", .. db.Arguments(journal), .. Serial, "--max-rate", "2000", "--json"], stdout, stderr, cancel.Token);
        Assert.True(await Eventually.TrueWithinAsync(() => FinishedUnits(journal) > 0 || running.IsCompleted, TimeSpan.FromMinutes(1)), "no table finished");
        await cancel.CancelAsync();
        var exit = await running;
        Assert.True(exit == ExitCodes.Interrupted, $"exit {exit}\n{stderr}");
        var finished = FinishedUnits(journal);
        Assert.InRange(finished, 1, Tables.Length - 1);

        var resumed = await VerifyRun.RunAsync([.. db.Arguments(journal), .. Serial, "--resume", "--json"]);

        Assert.True(resumed.ExitCode == 1, resumed.ToString());
        Assert.Equal(expected, resumed.Report.Findings);
        Assert.Equal(Shape(fresh.Report), Shape(resumed.Report));
        Assert.True(resumed.Report.SourceQueries < fresh.Report.SourceQueries, $"resumed: {resumed.Report.SourceQueries} queries, fresh: {fresh.Report.SourceQueries}");
    }

    [Fact]
    public async Task A_journal_cut_short_with_a_torn_last_line_resumes_to_the_same_report()
    {
        await using var db = await PairDatabase.CreateAsync(pair, "torn");
        var expected = await SeedAsync(db);
        var journal = Journal("torn");
        var fresh = await VerifyRun.RunAsync([.. db.Arguments(journal), .. Serial, "--json"]);
        Assert.True(fresh.ExitCode == 1, fresh.ToString());

        // Keep the run line and the first nine chunks (the first table and part of the second), and half of the tenth.
        var lines = await File.ReadAllLinesAsync(journal);
        Assert.True(lines.Length > 12, $"{lines.Length} journal lines");
        await File.WriteAllTextAsync(journal, string.Join('\n', lines[..10]) + "\n" + lines[10][..(lines[10].Length / 2)]);

        var resumed = await VerifyRun.RunAsync([.. db.Arguments(journal), .. Serial, "--resume", "--json"]);

        Assert.True(resumed.ExitCode == 1, resumed.ToString());
        Assert.Equal(expected, resumed.Report.Findings);
        Assert.Equal(Shape(fresh.Report), Shape(resumed.Report));
        Assert.True(resumed.Report.SourceQueries < fresh.Report.SourceQueries, $"resumed: {resumed.Report.SourceQueries} queries, fresh: {fresh.Report.SourceQueries}");

        // The journal of a finished run resumes to the same report without comparing anything again.
        var again = await VerifyRun.RunAsync([.. db.Arguments(journal), .. Serial, "--resume", "--json"]);
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Equal(expected, again.Report.Findings);
        Assert.Equal(0, again.Report.SourceQueries);

        // Another comparison refuses the journal.
        var other = await VerifyRun.RunAsync([.. db.Arguments(journal), .. Serial, "--resume", "--where", "id > 5", "--json"]);
        Assert.True(other.ExitCode == 2, other.ToString());
        Assert.Contains("belongs to a comparison with other servers, tables or filters", other.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Three tables of 3,000 rows with differences in their first, middle and last chunks.</summary>
    private static async Task<List<Finding>> SeedAsync(PairDatabase db)
    {
        var expected = new List<Finding>();
        foreach (var table in Tables)
        {
            await db.BothAsync(
                $"CREATE TABLE {table} (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)",
                $"INSERT INTO {table} SELECT seq, CONCAT('v', seq) FROM seq_1_to_3000");
            await db.TargetAsync(
                $"UPDATE {table} SET v = 'changed' WHERE id IN (10, 2900)",
                $"DELETE FROM {table} WHERE id = 1200",
                $"INSERT INTO {table} VALUES (3100, 'extra')");
            expected.AddRange(
            [
                new($"{db.Name}.{table}", Finding.Differing, "id=10", "v"),
                new($"{db.Name}.{table}", Finding.Differing, "id=2900", "v"),
                new($"{db.Name}.{table}", Finding.OnlyInSource, "id=1200"),
                new($"{db.Name}.{table}", Finding.OnlyInTarget, "id=3100"),
            ]);
        }

        return [.. Finding.Sorted(expected)];
    }

    /// <summary>Units the journal records as finished (a chunk line whose upper bound is null), ignoring a line being written.</summary>
    private static int FinishedUnits(string path)
    {
        if (!File.Exists(path))
            return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var finished = 0;
        while (reader.ReadLine() is { } line)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("upper", out var upper) && upper.ValueKind == JsonValueKind.Null)
                    finished++;
            }
            catch (JsonException)
            {
                // The line being written.
            }
        }

        return finished;
    }

    /// <summary>Each table's verdict, rows and chunks (timings differ between runs).</summary>
    private static string Shape(VerifyJsonReport report) =>
        string.Join('\n', report.Tables.OrderBy(static t => t.Key, StringComparer.Ordinal)
            .Select(static t => $"{t.Key} {t.Value.Result} rows {t.Value.SourceRows}/{t.Value.TargetRows} chunks {t.Value.Chunks} differing {t.Value.DifferingChunks}"));
}
