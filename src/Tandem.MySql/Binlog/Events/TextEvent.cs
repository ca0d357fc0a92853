namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// An event that only carries the statement behind the rows that follow: MySQL ROWS_QUERY (29; body: a length
/// byte, then the text) and MariaDB ANNOTATE_ROWS (160; body: the text).
/// </summary>
public sealed class TextEvent : BinlogEvent
{
    public required string Text { get; init; }
}
