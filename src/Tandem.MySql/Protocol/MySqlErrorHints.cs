namespace Tandem.MySql.Protocol;

/// <summary>What a user can do about the server errors Tandem meets most often.</summary>
internal static class MySqlErrorHints
{
    public static string? For(int errorCode) => errorCode switch
    {
        1045 => "check the user name and password in the URI, and that the user may connect from this host",
        1044 or 1142 or 1227 => "grant the privilege the message names to Tandem's user (see `tandem check`)",
        1049 => "create the database, or remove it from the URI",
        1064 => "the statement is not valid SQL for this server version",
        1153 or 1301 => "raise max_allowed_packet on the server (and in the URI's max_allowed_packet if set)",
        1205 or 1213 => "the statement lost a lock conflict; retrying it is safe",
        1236 => "the binlog position is no longer on the server (purged or never written); re-snapshot the task",
        1317 => "the query was cancelled (KILL QUERY)",
        1792 or 1836 => "the server is read-only (read_only, super_read_only or innodb_read_only); a running task waits for it to take writes again",
        1290 => "the server runs with an option that forbids this statement; with --read-only, make it writable (a running task waits for that)",
        1040 => "the server has too many connections: raise max_connections or lower Tandem's thread counts",
        1251 => "the server wants an authentication plugin this client did not offer",
        _ => null,
    };
}
