using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Protocol.Payloads;

/// <summary>
/// OK packet: 0x00 (or 0xFE when it ends a result set under CLIENT_DEPRECATE_EOF).
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html.
/// </summary>
public readonly record struct OkPayload(ulong AffectedRows, ulong LastInsertId, ServerStatus Status, ushort WarningCount)
{
    public const byte Signature = 0x00;

    /// <summary>True for an OK packet, including the 0xFE form that ends a result set with CLIENT_DEPRECATE_EOF.</summary>
    public static bool IsOk(ReadOnlySpan<byte> payload, bool deprecateEof) =>
        payload.Length > 0 &&
        ((payload[0] == Signature && payload.Length >= 7) ||
         (deprecateEof && payload[0] == EofPayload.Signature && payload.Length < 0xFFFFFF));

    public static OkPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload, "OK packet");
        reader.ReadByte();
        var affected = reader.ReadLengthEncodedInteger();
        var lastId = reader.ReadLengthEncodedInteger();
        var status = (ServerStatus)reader.ReadUInt16();
        var warnings = reader.ReadUInt16();
        return new OkPayload(affected, lastId, status, warnings);
    }
}
