using Tandem.Core.Errors;

namespace Tandem.MySql.Schema.History;

/// <summary>The stored schema history cannot be read, or cannot answer for the position asked.</summary>
internal sealed class SchemaHistoryException : TandemException
{
    public SchemaHistoryException(string message, string hint, Exception? inner = null)
        : base(message, hint, inner)
    {
    }
}
