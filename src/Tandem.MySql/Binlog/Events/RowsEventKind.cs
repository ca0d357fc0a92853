namespace Tandem.MySql.Binlog.Events;

public enum RowsEventKind
{
    Write,
    Update,
    Delete,

    /// <summary>MySQL 8 PARTIAL_UPDATE_ROWS: an update whose JSON after-values may be diffs against the before-values.</summary>
    PartialUpdate,
}
