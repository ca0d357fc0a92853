using System.Buffers.Binary;
using System.Text;

namespace Tandem.MySql.Tests.Binlog.Dump;

/// <summary>
/// A COM_BINLOG_DUMP (0x12) or COM_BINLOG_DUMP_GTID (0x1E) as the fake server reads it, parsed here field by field
/// from the protocol pages
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_binlog_dump.html, https://mariadb.com/kb/en/com_binlog_dump/) rather than with the client's writer, so the tests check the bytes on the wire.
/// </summary>
internal sealed record DumpCommand(byte Command, ushort Flags, uint ServerId, string File, ulong Position, byte[]? GtidData, byte[] Raw)
{
    public const byte BinlogDump = 0x12;
    public const byte BinlogDumpGtid = 0x1E;

    public bool IsGtid => Command == BinlogDumpGtid;

    public static bool IsDump(byte[] payload) => payload.Length > 0 && payload[0] is BinlogDump or BinlogDumpGtid;

    public static DumpCommand Parse(byte[] payload)
    {
        var span = payload.AsSpan();
        if (span[0] == BinlogDump)
        {
            // Position (4), flags (2), server id (4), file name to the end of the packet, no NUL.
            return new DumpCommand(
                span[0],
                BinaryPrimitives.ReadUInt16LittleEndian(span[5..]),
                BinaryPrimitives.ReadUInt32LittleEndian(span[7..]),
                Encoding.UTF8.GetString(span[11..]),
                BinaryPrimitives.ReadUInt32LittleEndian(span[1..]),
                null,
                payload);
        }

        // Flags (2), server id (4), file name length (4) and name, position (8), data size (4) and data.
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(span[1..]);
        var serverId = BinaryPrimitives.ReadUInt32LittleEndian(span[3..]);
        var nameLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[7..]);
        var file = Encoding.UTF8.GetString(span.Slice(11, nameLength));
        var offset = 11 + nameLength;
        var position = BinaryPrimitives.ReadUInt64LittleEndian(span[offset..]);
        var dataLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 8)..]);
        var data = span.Slice(offset + 12, dataLength).ToArray();
        if (offset + 12 + dataLength != span.Length)
        {
            throw new InvalidOperationException($"COM_BINLOG_DUMP_GTID has {span.Length - offset - 12 - dataLength} bytes after its data");
        }

        return new DumpCommand(span[0], flags, serverId, file, position, data, payload);
    }
}
