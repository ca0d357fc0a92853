using System.Text;
using Tandem.Core.Errors;
using Tandem.Core.Verify;

namespace Tandem.MySql.Tests.Core;

public sealed class VerifyJournalTests : IDisposable
{
    private const string Signature = "0123456789ABCDEF";

    private readonly string _directory = Directory.CreateTempSubdirectory("tandem-journal-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static readonly RowDifference Changed = new()
    {
        Kind = RowDifferenceKind.Differing,
        Key = [new ReportedValue("id", "10")],
        KeyLiterals = ["10"],
        Columns = [new ColumnDifference("note", null, ""), new ColumnDifference("name", "Ann", "ann ")],
        SourceCopies = 1,
        TargetCopies = 1,
    };

    private static readonly RowDifference Duplicated = new()
    {
        Kind = RowDifferenceKind.OnlyInTarget,
        Key = [new ReportedValue("n", "77"), new ReportedValue("label", null)],
        KeyLiterals = ["77", "NULL"],
        SourceCopies = 1,
        TargetCopies = 2,
        RowHash = "1234567890123456789",
    };

    private static void WriteTwoUnits(VerifyJournal journal)
    {
        journal.ChunkDone("db.t", ["500"], 500, 499, [Changed]);
        journal.ChunkDone("db.t", null, 20, 21, []);
        journal.ChunkDone("db.u", ["'b'", "7"], 10, 10, [Duplicated]);
    }

    [Fact]
    public void A_resumed_journal_gives_back_each_units_chunks_rows_and_differences()
    {
        var path = PathOf("round.jsonl");
        using (var journal = VerifyJournal.Open(path, Signature, resume: false))
        {
            WriteTwoUnits(journal);
            journal.SlicesFound("db.s", 2_400, 2_399, [new SliceDifference(new DateTime(2026, 1, 1, 5, 0, 0), new DateTime(2026, 1, 1, 6, 0, 0), 100, 99)]);
        }

        using var resumed = VerifyJournal.Open(path, Signature, resume: true);

        Assert.Equal(3, resumed.ResumedUnits);
        var t = resumed.Resumed("db.t")!;
        Assert.Equal((true, 2, 1, 520L, 520L), (t.Done, t.Chunks, t.DifferingChunks, t.SourceRows, t.TargetRows));
        Assert.Equal([Describe(Changed)], t.Differences.Select(Describe));
        var u = resumed.Resumed("db.u")!;
        Assert.Equal((false, 1, 1), (u.Done, u.Chunks, u.DifferingChunks));
        Assert.Equal(["'b'", "7"], u.Upper!);
        Assert.Equal([Describe(Duplicated)], u.Differences.Select(Describe));
        var s = resumed.Resumed("db.s")!;
        Assert.Equal([new SliceDifference(new DateTime(2026, 1, 1, 5, 0, 0), new DateTime(2026, 1, 1, 6, 0, 0), 100, 99)], s.Slices!);
        Assert.Equal((2_400L, 2_399L), (s.SourceRows, s.TargetRows));
        Assert.Null(resumed.Resumed("db.other"));
    }

    [Fact]
    public void A_resumed_run_appends_so_the_next_resume_sees_both_runs()
    {
        var path = PathOf("append.jsonl");
        using (var first = VerifyJournal.Open(path, Signature, resume: false))
            first.ChunkDone("db.t", ["500"], 500, 500, []);
        using (var second = VerifyJournal.Open(path, Signature, resume: true))
            second.ChunkDone("db.t", null, 100, 100, [Changed]);

        using var third = VerifyJournal.Open(path, Signature, resume: true);

        var t = third.Resumed("db.t")!;
        Assert.Equal((true, 2, 600L), (t.Done, t.Chunks, t.SourceRows));
        Assert.Single(File.ReadAllLines(path), static l => l.Contains("\"type\":\"run\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_resume_an_earlier_journal_is_started_over()
    {
        var path = PathOf("over.jsonl");
        using (var first = VerifyJournal.Open(path, Signature, resume: false))
            WriteTwoUnits(first);
        using (var fresh = VerifyJournal.Open(path, Signature, resume: false))
            Assert.Equal(0, fresh.ResumedUnits);

        using var resumed = VerifyJournal.Open(path, Signature, resume: true);

        Assert.Equal(0, resumed.ResumedUnits);
    }

    [Fact]
    public void A_journal_of_another_comparison_is_refused()
    {
        var path = PathOf("other.jsonl");
        using (var first = VerifyJournal.Open(path, Signature, resume: false))
            WriteTwoUnits(first);

        var refused = Assert.Throws<TandemException>(() => VerifyJournal.Open(path, "FEDCBA9876543210", resume: true));

        Assert.Contains("belongs to a comparison with other servers, tables or filters", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(refused.Hint);
        // Refusing it leaves it as it was, for the run it belongs to.
        using var own = VerifyJournal.Open(path, Signature, resume: true);
        Assert.Equal(2, own.ResumedUnits);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.97)] // cut just after a nested object, so the torn line ends with '}'
    [InlineData(1.0)] // the whole line but not its newline
    public void A_last_line_cut_short_by_a_crash_is_dropped_and_its_chunk_redone(double kept)
    {
        var path = PathOf("torn.jsonl");
        using (var journal = VerifyJournal.Open(path, Signature, resume: false))
        {
            journal.ChunkDone("db.t", ["500"], 500, 500, []);
            journal.ChunkDone("db.t", ["1000"], 500, 500, [Changed, Duplicated]);
        }

        var lines = File.ReadAllLines(path);
        var last = lines[^1];
        var cut = kept switch
        {
            1.0 => last,
            < 0.9 => last[..(int)(last.Length * kept)],
            _ => last[..(last.LastIndexOf('}', last.Length - 3) + 1)],
        };
        if (kept > 0.9 && kept < 1.0)
            Assert.EndsWith("}", cut, StringComparison.Ordinal);
        File.WriteAllText(path, string.Join('\n', lines[..^1]) + "\n" + cut);

        using (var resumed = VerifyJournal.Open(path, Signature, resume: true))
        {
            var t = resumed.Resumed("db.t")!;
            Assert.Equal((false, 1, 500L), (t.Done, t.Chunks, t.SourceRows));
            Assert.Equal(["500"], t.Upper!);
            Assert.Empty(t.Differences);
            resumed.ChunkDone("db.t", null, 700, 700, [Changed]);
        }

        // The resumed run's lines follow the intact ones, so a later resume reads them all.
        using var again = VerifyJournal.Open(path, Signature, resume: true);
        var done = again.Resumed("db.t")!;
        Assert.Equal((true, 2, 1200L), (done.Done, done.Chunks, done.SourceRows));
        Assert.Equal([Describe(Changed)], done.Differences.Select(Describe));
    }

    [Fact]
    public void A_damaged_line_before_the_last_is_an_error_naming_it()
    {
        var path = PathOf("damaged.jsonl");
        using (var journal = VerifyJournal.Open(path, Signature, resume: false))
            WriteTwoUnits(journal);
        var lines = File.ReadAllLines(path);
        lines[2] = "{\"type\":\"chunk\",\"unit\":}";
        File.WriteAllText(path, string.Join('\n', lines) + "\n");

        var damaged = Assert.Throws<TandemException>(() => VerifyJournal.Open(path, Signature, resume: true));

        Assert.Contains("is damaged at line 3", damaged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_without_a_journal_starts_one()
    {
        var path = PathOf("nested/new.jsonl");
        using (var journal = VerifyJournal.Open(path, Signature, resume: true))
        {
            Assert.Equal(0, journal.ResumedUnits);
            journal.ChunkDone("db.t", null, 1, 1, []);
        }

        using var resumed = VerifyJournal.Open(path, Signature, resume: true);
        Assert.True(resumed.Resumed("db.t")!.Done);
    }

    /// <summary>A difference as comparable text (its lists compare by reference in the record's own equality).</summary>
    private static string Describe(RowDifference d)
    {
        var text = new StringBuilder();
        text.Append(d.Kind).Append(' ').AppendJoin(',', d.Key.Select(static k => $"{k.Column}={k.Text ?? "<null>"}"))
            .Append(" literals ").AppendJoin(',', d.KeyLiterals)
            .Append(" columns ").AppendJoin(',', d.Columns.Select(static c => $"{c.Column}:{c.Source ?? "<null>"}->{c.Target ?? "<null>"}"))
            .Append($" copies {d.SourceCopies}/{d.TargetCopies} hash {d.RowHash ?? "<none>"}");
        return text.ToString();
    }
}
