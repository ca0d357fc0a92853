using System.Buffers.Binary;
using System.Text;

namespace Tandem.MySql.Binlog.Positions;

/// <summary>
/// The binary GTID set of COM_BINLOG_DUMP_GTID and PREVIOUS_GTIDS (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_binlog_dump.html; MySQL sql/rpl_gtid_set.cc, Gtid_set::encode and
/// add_gtid_encoding). Little-endian throughout:
/// <list type="bullet">
/// <item>8 bytes: the source count. Untagged format: the count itself (top byte 0). Tagged format (MySQL 8.3+):
/// byte 7 = 1 and byte 0 = 1 (the format), the count in bytes 1–6 (encode_nsids_format).</item>
/// <item>Per source: the UUID's 16 bytes in textual order; in the tagged format the tag as a MySQL serialization
/// varint length then its bytes (0x00 when untagged); an 8-byte interval count; per interval an 8-byte start and an
/// 8-byte exclusive end.</item>
/// </list>
/// The tagged format lists each (UUID, tag) pair as its own source.
/// </summary>
internal static class GtidSetEncoding
{
    public const string ExpectedForm =
        "an encoded GTID set is an 8-byte source count, then per source a 16-byte UUID, a tag when the tagged format " +
        "(MySQL 8.3+) is used, an 8-byte interval count and 16 bytes per interval (start, exclusive end), little-endian";

    private const byte UntaggedFormat = 0;
    private const byte TaggedFormat = 1;
    private const int UuidLength = 16;
    private const int IntervalLength = 16;

    public static byte[] Encode(MySqlGtidSet set)
    {
        var sources = set.Sources;
        var tagged = set.HasTags;
        var length = 8;
        foreach (var source in sources)
        {
            length += UuidLength + (tagged ? 1 + source.Tag.Length : 0) + 8 + (source.Intervals.Length * IntervalLength);
        }

        var buffer = new byte[length];
        var span = buffer.AsSpan();
        var count = (ulong)sources.Length;
        BinaryPrimitives.WriteUInt64LittleEndian(span, tagged ? ((ulong)TaggedFormat << 56) | (count << 8) | TaggedFormat : count);
        var pos = 8;
        foreach (var source in sources)
        {
            BinaryPrimitives.WriteUInt128BigEndian(span[pos..], source.Uuid);
            pos += UuidLength;
            if (tagged)
            {
                // A tag is at most 32 bytes, so its varint length is the single byte length << 1
                // (libs/mysql/serialization/variable_length_integers.h, write_varlen_bytes_unsigned).
                span[pos++] = (byte)(source.Tag.Length << 1);
                pos += Encoding.ASCII.GetBytes(source.Tag, span[pos..]);
            }

            BinaryPrimitives.WriteInt64LittleEndian(span[pos..], source.Intervals.Length);
            pos += 8;
            foreach (var interval in source.Intervals)
            {
                BinaryPrimitives.WriteInt64LittleEndian(span[pos..], interval.Start);
                BinaryPrimitives.WriteInt64LittleEndian(span[(pos + 8)..], interval.End);
                pos += IntervalLength;
            }
        }

        return buffer;
    }

    public static MySqlGtidSet Decode(ReadOnlySpan<byte> encoded, out int bytesRead)
    {
        if (encoded.Length < 8)
        {
            throw Malformed($"it has {encoded.Length} bytes, fewer than the 8-byte source count");
        }

        var header = BinaryPrimitives.ReadUInt64LittleEndian(encoded);
        var format = (byte)(header >> 56);
        var count = format switch
        {
            UntaggedFormat => header,
            TaggedFormat => (header & 0x00FF_FFFF_FFFF_FF00UL) >> 8,
            _ => throw Malformed($"its format byte is {format}, where 0 (untagged) or 1 (tagged, MySQL 8.3+) was expected"),
        };

        var tagged = format == TaggedFormat;
        var minimumPerSource = UuidLength + (tagged ? 1 : 0) + 8;
        if (count > (ulong)((encoded.Length - 8) / minimumPerSource))
        {
            throw Malformed($"it claims {count} sources but has only {encoded.Length} bytes");
        }

        var builder = new GtidSetBuilder();
        var pos = 8;
        for (ulong i = 0; i < count; i++)
        {
            if (encoded.Length - pos < UuidLength)
            {
                throw Malformed($"source {i + 1} of {count} is cut off in its UUID");
            }

            var uuid = BinaryPrimitives.ReadUInt128BigEndian(encoded[pos..]);
            pos += UuidLength;
            var tag = tagged ? ReadTag(encoded, ref pos, i) : string.Empty;
            if (encoded.Length - pos < 8)
            {
                throw Malformed($"source {i + 1} of {count} is cut off before its interval count");
            }

            var intervals = BinaryPrimitives.ReadUInt64LittleEndian(encoded[pos..]);
            pos += 8;
            if (intervals > (ulong)((encoded.Length - pos) / IntervalLength))
            {
                throw Malformed($"source {i + 1} claims {intervals} intervals but only {encoded.Length - pos} bytes remain");
            }

            long last = 0;
            for (ulong j = 0; j < intervals; j++)
            {
                var start = BinaryPrimitives.ReadInt64LittleEndian(encoded[pos..]);
                var end = BinaryPrimitives.ReadInt64LittleEndian(encoded[(pos + 8)..]);
                pos += IntervalLength;

                // The server refuses intervals that are not increasing, disjoint and non-adjacent (add_gtid_encoding).
                if (start <= last || end <= start)
                {
                    throw Malformed($"interval {j + 1} of source {i + 1} is [{start}, {end}), which does not follow [.., {last}) in increasing order");
                }

                last = end;
                builder.Add(uuid, tag, new GtidInterval(start, end));
            }
        }

        bytesRead = pos;
        return builder.Build();
    }

    private static string ReadTag(ReadOnlySpan<byte> encoded, ref int pos, ulong source)
    {
        if (pos >= encoded.Length)
        {
            throw Malformed($"source {source + 1} is cut off before its tag");
        }

        // A MySQL serialization varint: the count of trailing one bits in the first byte is the count of extra
        // bytes. A tag's length (at most 32) always fits the one-byte form, value = byte >> 1.
        var first = encoded[pos];
        if ((first & 1) != 0)
        {
            throw Malformed($"the tag length of source {source + 1} is a multi-byte varint, longer than any tag");
        }

        var length = first >> 1;
        pos++;
        if (length > GtidTag.MaxLength || encoded.Length - pos < length)
        {
            throw Malformed($"the tag of source {source + 1} has length {length}, over {GtidTag.MaxLength} or past the end");
        }

        var tag = Encoding.ASCII.GetString(encoded.Slice(pos, length));
        if (length > 0 && !GtidTag.IsValid(tag))
        {
            throw Malformed($"the tag of source {source + 1} has characters a tag cannot have");
        }

        pos += length;
        return tag.ToLowerInvariant();
    }

    private static BinlogPositionFormatException Malformed(string problem) =>
        new($"the encoded GTID set is malformed: {problem}", ExpectedForm);
}
