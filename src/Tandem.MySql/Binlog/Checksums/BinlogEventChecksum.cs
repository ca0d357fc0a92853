using System.Buffers.Binary;
using System.IO.Hashing;

namespace Tandem.MySql.Binlog.Checksums;

/// <summary>
/// The CRC32 trailer of a binlog event (https://mariadb.com/kb/en/2-binlog-event-header/): the last 4 bytes, little-endian,
/// hold the CRC-32 of every byte before them, header included. Inner events of a TRANSACTION_PAYLOAD have no trailer
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Transaction__payload__event.html)
/// and must not be checked. The CRC-32 is zlib's (IEEE 802.3, reflected polynomial 0xEDB88320), which System.IO.Hashing
/// computes with the processor's carry-less multiply: 10 to 15 times the project's former slice-by-16 tables here
/// (bench/RESULTS.md).
/// </summary>
internal static class BinlogEventChecksum
{
    public const int Length = 4;

    /// <summary>True when the event (header, body and trailer) carries the CRC32 of its bytes; false when too short to have one.</summary>
    public static bool Matches(ReadOnlySpan<byte> eventWithChecksum)
    {
        if (eventWithChecksum.Length < Length)
        {
            return false;
        }

        var (stored, computed) = Read(eventWithChecksum);
        return stored == computed;
    }

    /// <summary>The CRC32 the trailer holds and the one the event's bytes have; the event must be at least <see cref="Length"/> bytes.</summary>
    public static (uint Stored, uint Computed) Read(ReadOnlySpan<byte> eventWithChecksum) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(eventWithChecksum[^Length..]), Crc32.HashToUInt32(eventWithChecksum[..^Length]));
}
