namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// WRITE/UPDATE/DELETE_ROWS v1 (23-25) and v2 (30-32), and MySQL's PARTIAL_UPDATE_ROWS (39). Post-header: table id
/// (6), flags (2), and for v2 an extra-data length (2, counting itself) and extra data. <see cref="Body"/> is the rest:
/// column count, column bitmap(s) and the row images, decoded against the table map of <see cref="TableId"/>.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html.
/// </summary>
public sealed class RowsEvent : BinlogEvent
{
    /// <summary>The last rows event of a statement: table ids are valid only up to it.</summary>
    public const ushort StatementEndFlag = 0x0001;

    public required ulong TableId { get; init; }

    public required ushort Flags { get; init; }

    public required RowsEventKind Kind { get; init; }

    /// <summary>The column count, bitmaps and images, still encoded.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    public bool IsStatementEnd => (Flags & StatementEndFlag) != 0;
}
