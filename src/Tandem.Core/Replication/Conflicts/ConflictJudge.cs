using Tandem.Core.Tasks.Links;

namespace Tandem.Core.Replication.Conflicts;

/// <summary>
/// Whether an incoming change conflicts with the target row, and what the policy then does. Decisions are made so that
/// both sides of a link reach the same row: under last-writer-wins a tie goes to the change from the server whose name
/// sorts first, and a delete beats a concurrent update (the update of a deleted row is skipped, the delete of a changed
/// row applied), because a deleted row leaves no timestamp to compare.
/// </summary>
public static class ConflictJudge
{
    /// <summary>The conflict the target's state shows, or null when the change fits (or is already there).</summary>
    public static ConflictKind? Classify(KeyExpectation expectation, TargetState target)
    {
        ArgumentNullException.ThrowIfNull(expectation);
        var endsDeleted = expectation.FinalRow is null;
        if (expectation.ExpectedRow is null)
        {
            if (!target.Found || target.MatchesFinal)
                return null;
            return ConflictKind.InsertExists;
        }

        if (target.Found)
        {
            if (target.MatchesExpected || target.MatchesFinal)
                return null;
            return endsDeleted ? ConflictKind.DeleteDiffers : ConflictKind.UpdateDiffers;
        }

        return endsDeleted ? ConflictKind.DeleteMissing : ConflictKind.UpdateMissing;
    }

    /// <param name="origin">The link's name of the server the change comes from.</param>
    /// <param name="target">The link's name of the server it is applied to.</param>
    public static ConflictDecision Decide(ConflictKind kind, ConflictSettings settings, int incomingNewer, string origin, string target)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (kind == ConflictKind.DeleteMissing)
            return settings.Policy == ConflictPolicy.Stop ? ConflictDecision.Stop : ConflictDecision.Skip;
        return settings.Policy switch
        {
            ConflictPolicy.SourceWins or ConflictPolicy.Log => ConflictDecision.Apply,
            ConflictPolicy.TargetWins => ConflictDecision.Skip,
            ConflictPolicy.Stop => ConflictDecision.Stop,
            _ => kind switch
            {
                ConflictKind.DeleteDiffers => ConflictDecision.Apply,
                ConflictKind.UpdateMissing => ConflictDecision.Skip,
                _ when incomingNewer != 0 => incomingNewer > 0 ? ConflictDecision.Apply : ConflictDecision.Skip,
                _ => string.CompareOrdinal(origin, target) < 0 ? ConflictDecision.Apply : ConflictDecision.Skip,
            },
        };
    }

    public static string PolicyName(ConflictPolicy policy) => policy switch
    {
        ConflictPolicy.SourceWins => "source-wins",
        ConflictPolicy.TargetWins => "target-wins",
        ConflictPolicy.LastWriterWins => "last-writer-wins",
        ConflictPolicy.Log => "log",
        _ => "stop",
    };
}
