using Tandem.Core.Replication.Conflicts;
using Tandem.Core.Tasks.Links;

namespace Tandem.MySql.Tests.Core;

public sealed class ConflictJudgeTests
{
    private static readonly object?[] Before = [1, "old"];
    private static readonly object?[] After = [1, "new"];

    [Theory]
    [InlineData(true, true, false, null)]                     // the row is what the change expects
    [InlineData(true, false, true, null)]                     // already the final state: a replay, or both wrote the same
    [InlineData(true, false, false, ConflictKind.UpdateDiffers)]
    [InlineData(false, false, false, ConflictKind.UpdateMissing)]
    public void UpdatesConflictWhenTheRowIsNeitherTheBeforeImageNorTheResult(bool found, bool matchesExpected, bool matchesFinal, ConflictKind? expected)
    {
        var expectation = new KeyExpectation { ExpectedRow = Before, FinalRow = After };
        Assert.Equal(expected, ConflictJudge.Classify(expectation, new TargetState(found, matchesExpected, matchesFinal, 0)));
    }

    [Fact]
    public void DeletesAndInsertsHaveTheirOwnKinds()
    {
        var delete = new KeyExpectation { ExpectedRow = Before, FinalRow = null };
        Assert.Equal(ConflictKind.DeleteDiffers, ConflictJudge.Classify(delete, new TargetState(true, false, false, 0)));
        Assert.Equal(ConflictKind.DeleteMissing, ConflictJudge.Classify(delete, new TargetState(false, false, false, 0)));
        Assert.Null(ConflictJudge.Classify(delete, new TargetState(true, true, false, 0)));

        var insert = new KeyExpectation { ExpectedRow = null, FinalRow = After };
        Assert.Null(ConflictJudge.Classify(insert, new TargetState(false, false, false, 0)));
        Assert.Null(ConflictJudge.Classify(insert, new TargetState(true, false, true, 0)));
        Assert.Equal(ConflictKind.InsertExists, ConflictJudge.Classify(insert, new TargetState(true, false, false, 0)));
    }

    [Theory]
    [InlineData(ConflictPolicy.SourceWins, ConflictDecision.Apply)]
    [InlineData(ConflictPolicy.Log, ConflictDecision.Apply)]
    [InlineData(ConflictPolicy.TargetWins, ConflictDecision.Skip)]
    [InlineData(ConflictPolicy.Stop, ConflictDecision.Stop)]
    public void FixedPoliciesDecideTheSameForEveryKind(ConflictPolicy policy, ConflictDecision expected)
    {
        foreach (var kind in new[] { ConflictKind.UpdateDiffers, ConflictKind.UpdateMissing, ConflictKind.DeleteDiffers, ConflictKind.InsertExists })
            Assert.Equal(expected, ConflictJudge.Decide(kind, new ConflictSettings { Policy = policy }, 0, "a", "b"));
    }

    [Fact]
    public void ADeleteOfAMissingRowHasNothingToWrite()
    {
        Assert.Equal(ConflictDecision.Skip, ConflictJudge.Decide(ConflictKind.DeleteMissing, new ConflictSettings { Policy = ConflictPolicy.SourceWins }, 0, "a", "b"));
        Assert.Equal(ConflictDecision.Stop, ConflictJudge.Decide(ConflictKind.DeleteMissing, new ConflictSettings { Policy = ConflictPolicy.Stop }, 0, "a", "b"));
    }

    [Fact]
    public void LastWriterWinsAgreesOnBothSidesOfATie()
    {
        var lww = new ConflictSettings { Policy = ConflictPolicy.LastWriterWins, Column = "updated_at" };
        Assert.Equal(ConflictDecision.Apply, ConflictJudge.Decide(ConflictKind.UpdateDiffers, lww, 1, "b", "a"));
        Assert.Equal(ConflictDecision.Skip, ConflictJudge.Decide(ConflictKind.UpdateDiffers, lww, -1, "a", "b"));

        // Equal timestamps: on b the change from a applies, on a the change from b is skipped, so both hold a's row.
        Assert.Equal(ConflictDecision.Apply, ConflictJudge.Decide(ConflictKind.UpdateDiffers, lww, 0, "a", "b"));
        Assert.Equal(ConflictDecision.Skip, ConflictJudge.Decide(ConflictKind.UpdateDiffers, lww, 0, "b", "a"));
    }

    [Fact]
    public void LastWriterWinsLetsDeletesBeatConcurrentUpdates()
    {
        var lww = new ConflictSettings { Policy = ConflictPolicy.LastWriterWins, Column = "updated_at" };
        Assert.Equal(ConflictDecision.Apply, ConflictJudge.Decide(ConflictKind.DeleteDiffers, lww, -1, "a", "b"));
        Assert.Equal(ConflictDecision.Skip, ConflictJudge.Decide(ConflictKind.UpdateMissing, lww, 1, "b", "a"));
    }
}
