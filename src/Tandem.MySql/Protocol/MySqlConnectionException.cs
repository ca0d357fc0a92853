namespace Tandem.MySql.Protocol;

/// <summary>The connection could not be opened or was lost: unreachable host, timeout, TLS failure, server gone.</summary>
public sealed class MySqlConnectionException : MySqlException
{
    public MySqlConnectionException(string message, string? hint = null, Exception? inner = null)
        : base(message, hint, inner)
    {
    }

    public override bool IsTransient => true;
}
