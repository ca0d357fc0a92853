namespace Tandem.MySql.Protocol;

/// <summary>An ERR packet sent by the server: its error code, SQLSTATE and message.</summary>
public sealed class MySqlServerException : MySqlException
{
    public MySqlServerException(int errorCode, string sqlState, string serverMessage, string? hint = null)
        : base($"server error {errorCode} ({sqlState}): {serverMessage}", hint ?? MySqlErrorHints.For(errorCode, serverMessage))
    {
        ErrorCode = errorCode;
        SqlState = sqlState;
        ServerMessage = serverMessage;
    }

    public int ErrorCode { get; }

    public string SqlState { get; }

    public string ServerMessage { get; }

    /// <summary>
    /// The one classification of server errors every retrying path uses (the capture's reconnects, the apply's retries):
    /// errors after which the same statement may succeed later. A lost lock conflict (1205 lock wait timeout, 1213
    /// deadlock); a server going away (1053 shutdown in progress, 1927 connection killed, 4031 idle client
    /// disconnected, 2013 lost during a query); a server that cannot take writes for now (1290 with --read-only, 1792 a
    /// read-only transaction, 1836 read-only mode); 1040 too many connections. See
    /// https://mariadb.com/kb/en/mariadb-error-code-reference/ and
    /// https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html.
    /// </summary>
    public override bool IsTransient => ErrorCode switch
    {
        1205 or 1213 or 1053 or 1927 or 4031 or 2013 or 1792 or 1836 or 1040 => true,

        // 1290 names the option that prevents the statement; only --read-only is a state that passes.
        1290 => ServerMessage.Contains("read-only", StringComparison.OrdinalIgnoreCase) || ServerMessage.Contains("read_only", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
