namespace Tandem.MySql.Protocol;

/// <summary>Bytes from the server that do not follow the protocol: truncated, out of range or out of order.</summary>
public sealed class MySqlProtocolException : MySqlException
{
    public MySqlProtocolException(string message, Exception? inner = null)
        : base(message, "the connection is unusable and has been closed; if this repeats, report it with the server version", inner)
    {
    }
}
