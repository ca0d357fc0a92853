using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tandem.MySql.Binlog.Checksums;

/// <summary>
/// The CRC-32 of zlib and IEEE 802.3 (reflected, polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF), which binlog
/// events carry when <c>binlog_checksum=CRC32</c>
/// (https://mariadb.com/kb/en/replication-and-binary-log-system-variables/#binlog_checksum). Slice-by-16: sixteen 256-entry tables let one step consume
/// 16 bytes with 16 independent lookups instead of 16 dependent ones, since this runs over every replicated byte.
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320;
    private const int Slices = 16;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32 of <paramref name="data"/>, as zlib's <c>crc32(0, data, len)</c>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC-32 over more bytes: <c>Append(Compute(a), b) == Compute(a + b)</c>, as zlib's <c>crc32(crc, data, len)</c>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        ref var table = ref MemoryMarshal.GetArrayDataReference(Table);
        ref var source = ref MemoryMarshal.GetReference(data);
        var length = data.Length;
        var i = 0;

        for (; length - i >= Slices; i += Slices)
        {
            var one = ReadUInt32(ref source, i) ^ crc;
            var two = ReadUInt32(ref source, i + 4);
            var three = ReadUInt32(ref source, i + 8);
            var four = ReadUInt32(ref source, i + 12);
            crc = Lookup(ref table, 15, one) ^ Lookup(ref table, 14, one >> 8) ^ Lookup(ref table, 13, one >> 16) ^ Lookup(ref table, 12, one >> 24)
                ^ Lookup(ref table, 11, two) ^ Lookup(ref table, 10, two >> 8) ^ Lookup(ref table, 9, two >> 16) ^ Lookup(ref table, 8, two >> 24)
                ^ Lookup(ref table, 7, three) ^ Lookup(ref table, 6, three >> 8) ^ Lookup(ref table, 5, three >> 16) ^ Lookup(ref table, 4, three >> 24)
                ^ Lookup(ref table, 3, four) ^ Lookup(ref table, 2, four >> 8) ^ Lookup(ref table, 1, four >> 16) ^ Lookup(ref table, 0, four >> 24);
        }

        for (; i < length; i++)
        {
            crc = (crc >> 8) ^ Lookup(ref table, 0, crc ^ Unsafe.Add(ref source, i));
        }

        return ~crc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Lookup(ref uint table, int slice, uint index) => Unsafe.Add(ref table, (slice * 256) + (int)(index & 0xFF));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadUInt32(ref byte source, int offset)
    {
        var value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[Slices * 256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        // Table k gives the CRC contribution of a byte followed by k zero bytes.
        for (var slice = 1; slice < Slices; slice++)
        {
            for (var n = 0; n < 256; n++)
            {
                var previous = table[((slice - 1) * 256) + n];
                table[(slice * 256) + n] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
