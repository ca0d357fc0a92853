namespace Tandem.Core.Verify;

/// <summary>A difference in table definitions, reported before any data is compared.</summary>
public sealed record SchemaDifference(string Table, string Description)
{
    /// <summary>True when the data of the table cannot be compared at all (a side lacks the table or its key).</summary>
    public bool BlocksData { get; init; }

    public override string ToString() => $"{Table}: {Description}";
}
