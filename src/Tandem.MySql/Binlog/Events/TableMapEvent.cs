namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// TABLE_MAP (19): binds a table id to a table for the rows events of the current statement, with each column's
/// wire type and type metadata. Post-header: table id (6, or 4 when the post-header is 6 bytes), flags (2). Body:
/// database (length, name, NUL), table (length, name, NUL), column count (length-encoded), type bytes, metadata
/// block (length-encoded size), NULL-ability bitmap, then optional metadata fields to the end.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Table__map__event.html.
/// </summary>
public sealed class TableMapEvent : BinlogEvent
{
    public required ulong TableId { get; init; }

    public required string Database { get; init; }

    public required string Table { get; init; }

    /// <summary>One wire type code per column (enum_field_types).</summary>
    public required byte[] ColumnTypes { get; init; }

    /// <summary>The raw per-column metadata block; its layout depends on <see cref="ColumnTypes"/>.</summary>
    public required byte[] MetadataBlock { get; init; }

    /// <summary>Bit i set when column i accepts NULL.</summary>
    public required byte[] NullableBitmap { get; init; }

    /// <summary>binlog_row_metadata fields, raw (type, value), in the order the server wrote them.</summary>
    public required IReadOnlyList<(byte Type, byte[] Value)> OptionalMetadata { get; init; }

    public int ColumnCount => ColumnTypes.Length;
}
