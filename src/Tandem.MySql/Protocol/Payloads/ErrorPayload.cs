using System.Text;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Protocol.Payloads;

/// <summary>
/// ERR packet: 0xFF, error code, optional '#' + SQLSTATE, message. The '#' marker is absent in some
/// handshake-time errors. See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html.
/// </summary>
public readonly record struct ErrorPayload(int ErrorCode, string SqlState, string Message)
{
    public const byte Signature = 0xFF;

    public static bool IsError(ReadOnlySpan<byte> payload) => payload.Length > 0 && payload[0] == Signature;

    public static ErrorPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload, "ERR packet");
        reader.ReadByte();
        var code = reader.ReadUInt16();
        var state = "HY000";
        if (!reader.AtEnd && reader.PeekByte() == (byte)'#' && reader.Remaining >= 6)
        {
            reader.ReadByte();
            state = Encoding.ASCII.GetString(reader.ReadBytes(5));
        }

        var message = Encoding.UTF8.GetString(reader.ReadRest());
        return new ErrorPayload(code, state, message);
    }

    public MySqlServerException ToException() => new(ErrorCode, SqlState, Message);
}
