using Tandem.Core.Errors;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Sink;

/// <summary>A change could not be applied to the target: names the table, the source positions and the server's error.</summary>
public sealed class SinkApplyException : TandemException
{
    public SinkApplyException(string message, string? hint, string? table, string? position, Exception? inner = null)
        : base(message, hint, inner)
    {
        Table = table;
        Position = position;
    }

    /// <summary>The target table the failing statement wrote, when one statement failed.</summary>
    public string? Table { get; }

    /// <summary>The source position (or range of positions) of the transactions being applied.</summary>
    public string? Position { get; }

    /// <summary>The server's error code, when the server refused a statement.</summary>
    public int? ErrorCode => (InnerException as MySqlServerException)?.ErrorCode;

    public override bool IsTransient => InnerException is TandemException { IsTransient: true } or IOException or System.Net.Sockets.SocketException;
}
