namespace Tandem.Core.Verify;

/// <summary>Everything a verification found: schema differences first, then each table's data.</summary>
public sealed class VerifyReport
{
    public required string Source { get; init; }

    public required string Target { get; init; }

    /// <summary>How live writes were handled: "static", "recheck" or "consistent".</summary>
    public required string Mode { get; init; }

    /// <summary>The source position the consistent mode compared at, when it did.</summary>
    public string? Position { get; set; }

    public List<SchemaDifference> Schema { get; } = [];

    public List<TableResult> Tables { get; } = [];

    public TimeSpan Elapsed { get; set; }

    public long SourceQueries { get; set; }

    public long TargetQueries { get; set; }

    public bool IsEqual => Schema.Count == 0 && Tables.All(static t => t.IsEqual);

    public long RowsCompared => Tables.Sum(static t => Math.Max(t.SourceRows, t.TargetRows));
}
