namespace Tandem.Core.Verify;

/// <summary>
/// One row that differs. Keyed tables name it by its key (<see cref="Key"/>, with the key's SQL literals in
/// <see cref="KeyLiterals"/> for fix statements); keyless tables by all its values, with how many copies each side has.
/// </summary>
public sealed record RowDifference
{
    public required RowDifferenceKind Kind { get; init; }

    /// <summary>The key columns and their values, or every column of a keyless row.</summary>
    public required IReadOnlyList<ReportedValue> Key { get; init; }

    /// <summary>SQL literals of <see cref="Key"/>'s values, in key order (every column, for a keyless row).</summary>
    public required IReadOnlyList<string> KeyLiterals { get; init; }

    /// <summary>The columns that differ (only for <see cref="RowDifferenceKind.Differing"/>).</summary>
    public IReadOnlyList<ColumnDifference> Columns { get; init; } = [];

    /// <summary>Copies on the source and on the target; 1/0 or 0/1 for keyed rows.</summary>
    public long SourceCopies { get; init; }

    public long TargetCopies { get; init; }

    /// <summary>The row's hash (keyless rows), which the fix uses to delete exactly its copies.</summary>
    public string? RowHash { get; init; }

    /// <summary>Identity of the row within its table, for merging rounds and resumed runs.</summary>
    public string Identity => RowHash ?? string.Join('\u001f', KeyLiterals);
}
