namespace Tandem.Core.Model;

/// <summary>Values that are not data.</summary>
public static class ColumnValue
{
    /// <summary>Marks a column the source left out of a row image (binlog_row_image=MINIMAL or NOBLOB).</summary>
    public static readonly object Absent = new AbsentValue();

    private sealed class AbsentValue
    {
        public override string ToString() => "<absent>";
    }
}
