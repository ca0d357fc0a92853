using Tandem.Core.Errors;

namespace Tandem.MySql.Protocol;

/// <summary>Base of every error raised by the MySQL client.</summary>
public class MySqlException : TandemException
{
    public MySqlException(string message, string? hint = null, Exception? inner = null)
        : base(message, hint, inner)
    {
    }
}
