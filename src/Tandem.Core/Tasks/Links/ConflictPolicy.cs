namespace Tandem.Core.Tasks.Links;

/// <summary>
/// How a direction of a link settles a conflict: an incoming change that does not match the row it meets on the server
/// it is applied to, as when the row was changed on both servers at once. Files write the names in parentheses.
/// </summary>
public enum ConflictPolicy
{
    /// <summary>The incoming change overwrites the target's row (<c>source-wins</c>, the default).</summary>
    SourceWins,

    /// <summary>The target's row is kept and the incoming change dropped (<c>target-wins</c>).</summary>
    TargetWins,

    /// <summary>
    /// The row whose <see cref="ConflictSettings.Column"/> holds the newer value wins; on a tie, the change from the server
    /// whose name sorts first; a delete wins over a concurrent update (<c>last-writer-wins</c>).
    /// </summary>
    LastWriterWins,

    /// <summary>The conflict is recorded and the incoming change applied (<c>log</c>).</summary>
    Log,

    /// <summary>The direction stops with an error naming the row (<c>stop</c>).</summary>
    Stop,
}
