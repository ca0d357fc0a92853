namespace Tandem.Core.Model;

/// <summary>A primary key, unique key or plain index, by column names in key order.</summary>
public sealed record IndexSchema
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }

    public bool IsPrimary { get; init; }

    public bool IsUnique { get; init; }
}
