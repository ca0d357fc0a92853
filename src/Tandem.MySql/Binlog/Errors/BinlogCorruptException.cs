using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Errors;

/// <summary>
/// An event that cannot be trusted: a checksum mismatch, a truncated or malformed body, an event type Tandem must
/// not skip. Always names the binlog position, so the event can be inspected with mariadb-binlog/mysqlbinlog.
/// </summary>
public sealed class BinlogCorruptException : MySqlException
{
    public BinlogCorruptException(string position, string message, string? hint = null, Exception? inner = null)
        : base($"binlog event at {position}: {message}", hint ?? $"inspect the event with 'mariadb-binlog --start-position' (or mysqlbinlog) at {position}; if the file is damaged on the server, re-snapshot the target from a healthy source", inner)
    {
        Position = position;
    }

    /// <summary>Where the event starts, as file:offset.</summary>
    public string Position { get; }
}
