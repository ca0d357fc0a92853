namespace Tandem.Core.Replication.Conflicts;

/// <summary>
/// What the target should hold for one key before a batch of changes is written, and what the batch leaves there: the
/// first change of the key says what it expects (its before-image, or no row for an insert), the last one the final state.
/// </summary>
public sealed class KeyExpectation
{
    /// <summary>The before-image the first change of the key expects; null when it expects no row (an insert).</summary>
    public required object?[]? ExpectedRow { get; init; }

    /// <summary>The row the batch leaves; null when it ends deleted.</summary>
    public object?[]? FinalRow { get; set; }
}

/// <summary>What the target holds for a key, as the check read it.</summary>
/// <param name="Found">A row holds the key.</param>
/// <param name="MatchesExpected">The row equals <see cref="KeyExpectation.ExpectedRow"/>.</param>
/// <param name="MatchesFinal">The row equals <see cref="KeyExpectation.FinalRow"/> (a replay, or both sides wrote the same).</param>
/// <param name="IncomingNewer">Last-writer-wins: 1 when the final row's timestamp column is newer than the target's, -1 older, 0 equal.</param>
public readonly record struct TargetState(bool Found, bool MatchesExpected, bool MatchesFinal, int IncomingNewer);
