namespace Tandem.MySql.Protocol;

/// <summary>Bytes from the server that do not follow the protocol: truncated, out of range or out of order.</summary>
public sealed class MySqlProtocolException : MySqlException
{
    public MySqlProtocolException(string message, Exception? inner = null)
        : base(message, "Tandem could not read what the server sent (a packet cut mid-command also closes the connection); if this repeats, report it with the server version and the column type", inner)
    {
    }
}
