namespace Tandem.MySql.Binlog.Rows;

/// <summary>
/// One row of a rows event. Each image has one slot per table column: the decoded value, null for SQL NULL, or
/// <see cref="Tandem.Core.Model.ColumnValue.Absent"/> for a column the image leaves out (binlog_row_image MINIMAL or NOBLOB).
/// </summary>
/// <param name="Before">The row before the change: set for deletes and updates.</param>
/// <param name="After">The row after the change: set for writes and updates.</param>
internal readonly record struct RowImages(object?[]? Before, object?[]? After);
