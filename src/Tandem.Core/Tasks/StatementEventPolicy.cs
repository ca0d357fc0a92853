namespace Tandem.Core.Tasks;

/// <summary>
/// What the change stream does with a data change the source logged as a statement instead of rows (a session that ran
/// with binlog_format=STATEMENT or MIXED): such a change cannot be replayed exactly, since its rows are not in the binlog.
/// </summary>
public enum StatementEventPolicy
{
    /// <summary>Stop with an error naming the statement and its position, and saying how to continue (the default).</summary>
    Stop,

    /// <summary>
    /// Leave the statement out, record it in tandem_meta.skipped_statement in the same target transaction as the
    /// checkpoint after it, warn, and go on; the tables it changed differ until `tandem verify --fix` or a re-copy.
    /// </summary>
    Skip,
}
