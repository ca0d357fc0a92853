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

    /// <summary>Errors after which the same statement may succeed on retry (deadlock, lock wait timeout, server shutting down).</summary>
    public override bool IsTransient => ErrorCode is 1205 or 1213 or 1053 or 2013 or 1927;
}
