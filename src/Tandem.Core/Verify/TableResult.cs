namespace Tandem.Core.Verify;

/// <summary>The outcome of comparing one table.</summary>
public sealed class TableResult
{
    public required string Table { get; init; }

    public required string TargetTable { get; init; }

    /// <summary>The key the rows were matched by, or empty when the table has none and was compared as a multiset.</summary>
    public required IReadOnlyList<string> Key { get; init; }

    public bool Keyless => Key.Count == 0;

    public long SourceRows { get; set; }

    public long TargetRows { get; set; }

    public int Chunks { get; set; }

    public int DifferingChunks { get; set; }

    public TimeSpan Elapsed { get; set; }

    public List<RowDifference> Differences { get; } = [];

    /// <summary>Rows found different at first that agreed when read again (live pairs): changes in flight.</summary>
    public long InFlightRows { get; set; }

    /// <summary>How many differences there were beyond those kept in <see cref="Differences"/>.</summary>
    public long DroppedDifferences { get; set; }

    public List<SliceDifference> Slices { get; } = [];

    public List<string> Warnings { get; } = [];

    public string? Error { get; set; }

    public bool IsEqual => Error is null && Differences.Count == 0 && DroppedDifferences == 0 && Slices.Count == 0;

    public long Count(RowDifferenceKind kind) => Differences.Count(d => d.Kind == kind);
}
