using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Protocol.Payloads;

/// <summary>EOF packet (0xFE, payload shorter than 9 bytes). See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_eof_packet.html.</summary>
public readonly record struct EofPayload(ushort WarningCount, ServerStatus Status)
{
    public const byte Signature = 0xFE;

    public static bool IsEof(ReadOnlySpan<byte> payload) => payload.Length is > 0 and < 9 && payload[0] == Signature;

    public static EofPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload, "EOF packet");
        reader.ReadByte();
        if (reader.Remaining < 4)
        {
            return new EofPayload(0, ServerStatus.None);
        }

        var warnings = reader.ReadUInt16();
        var status = (ServerStatus)reader.ReadUInt16();
        return new EofPayload(warnings, status);
    }
}
