using System.Buffers.Binary;

namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// The 19-byte v4 common header: timestamp, type, server id, event size (header, body and checksum), the position
/// of the next event in the file, flags. All little-endian.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html#sect_protocol_replication_binlog_event_header.
/// </summary>
public readonly record struct BinlogEventHeader(uint Timestamp, BinlogEventType Type, uint ServerId, uint EventSize, uint NextPosition, BinlogEventFlags Flags)
{
    public const int Size = 19;

    public static BinlogEventHeader Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        (BinlogEventType)bytes[4],
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[5..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[9..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[13..]),
        (BinlogEventFlags)BinaryPrimitives.ReadUInt16LittleEndian(bytes[17..]));

    public bool IsArtificial => (Flags & BinlogEventFlags.Artificial) != 0;
}
