namespace Tandem.Core.Tasks.Links;

/// <summary>A link's, a direction's or a table's conflicts section, resolved: the keys it leaves out are the link's.</summary>
public sealed record ConflictSettings
{
    public ConflictPolicy Policy { get; init; } = ConflictPolicy.SourceWins;

    /// <summary>Write each conflict (both images and the decision) to tandem_meta.conflicts. Default true.</summary>
    public bool Log { get; init; } = true;

    /// <summary>The timestamp column last-writer-wins compares; required when <see cref="Policy"/> is <see cref="ConflictPolicy.LastWriterWins"/>.</summary>
    public string? Column { get; init; }
}
