namespace Tandem.Core.Model;

/// <summary>
/// A row inserted, updated or deleted. <see cref="Before"/> and <see cref="After"/> are aligned with
/// <see cref="Table"/>'s columns; a column the source did not log (a minimal row image) holds
/// <see cref="ColumnValue.Absent"/>, a SQL NULL holds null.
/// </summary>
public sealed class RowChange : Change
{
    public RowChange(TableSchema table, ChangeKind kind, object?[]? before, object?[]? after)
    {
        Table = table;
        Kind = kind;
        Before = before;
        After = after;
    }

    public TableSchema Table { get; }

    public ChangeKind Kind { get; }

    /// <summary>The row before the change: null for inserts.</summary>
    public object?[]? Before { get; }

    /// <summary>The row after the change: null for deletes.</summary>
    public object?[]? After { get; }
}
