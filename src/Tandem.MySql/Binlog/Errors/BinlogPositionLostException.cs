using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Errors;

/// <summary>
/// The server can no longer serve the requested position (error 1236: the binlog was purged, or GTIDs the reader
/// needs are gone). Retrying cannot help: the changes in between are lost to this reader.
/// </summary>
public sealed class BinlogPositionLostException : MySqlException
{
    public BinlogPositionLostException(string position, string serverMessage, Exception? inner = null)
        : base($"the source can no longer send the binlog from {position}: {serverMessage}", "the changes since that position are no longer on the source; take a new snapshot (re-run the task in full mode) and raise the source's binlog retention (binlog_expire_logs_seconds / expire_logs_days) so the reader cannot fall that far behind again", inner)
    {
        Position = position;
    }

    public string Position { get; }
}
