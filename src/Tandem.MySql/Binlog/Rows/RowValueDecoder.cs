using System.Buffers.Binary;
using System.Text;
using Tandem.MySql.Binlog.Json;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Binlog.Rows;

/// <summary>
/// Decodes one non-NULL column value of a rows-event image, consuming exactly its bytes (encodings per
/// https://mariadb.com/kb/en/rows_event_v1v2-rows_compressed_event_v1/ and https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html).
/// </summary>
/// <remarks>
/// The result types are those of <see cref="TextValueDecoder"/>, so a sink can take values from either: integers <see cref="long"/>
/// or <see cref="ulong"/> when unsigned; YEAR <see cref="int"/>; FLOAT <see cref="float"/>; DOUBLE <see cref="double"/>;
/// NEWDECIMAL <see cref="MySqlDecimal"/> with the column's scale; BIT <see cref="ulong"/>; DATE, DATETIME and TIMESTAMP
/// <see cref="MySqlDateTime"/> with the column's fsp; TIME <see cref="MySqlTime"/>; strings, ENUM and SET <see cref="string"/>, or
/// <see cref="byte"/>[] when binary; MariaDB's INET4, INET6 and UUID <see cref="string"/> in the server's text form; JSON <see cref="string"/> (compact JSON text); GEOMETRY <see cref="MySqlGeometry"/>;
/// VECTOR <see cref="byte"/>[]. TIMESTAMP values are stored as seconds since the epoch and are returned as UTC date-times
/// (the source session's time zone does not apply to the binlog), unlike a SELECT, which shows them in the session time zone.
/// </remarks>
internal static class RowValueDecoder
{
    private const long TimeIntOffset = 0x800000;
    private const long TimeOffset = 0x800000000000;
    private const long DateTimeIntOffset = 0x8000000000;

    public static object Decode(ref PayloadReader reader, BinlogColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        switch (column.Type)
        {
            case ColumnType.Tiny:
                return column.Unsigned ? (ulong)reader.ReadByte() : (long)(sbyte)reader.ReadByte();
            case ColumnType.Short:
                return column.Unsigned ? (ulong)reader.ReadUInt16() : (long)(short)reader.ReadUInt16();
            case ColumnType.Int24:
                {
                    var v = reader.ReadUInt24();
                    return column.Unsigned ? (ulong)v : (long)((int)(v << 8) >> 8);
                }

            case ColumnType.Long:
                return column.Unsigned ? (ulong)reader.ReadUInt32() : (long)(int)reader.ReadUInt32();
            case ColumnType.LongLong:
                return column.Unsigned ? reader.ReadUInt64() : (long)reader.ReadUInt64();
            case ColumnType.Year:
                {
                    var y = reader.ReadByte();
                    return y == 0 ? 0 : y + 1900;
                }

            case ColumnType.Float:
                return BitConverter.Int32BitsToSingle((int)reader.ReadUInt32());
            case ColumnType.Double:
                return BitConverter.Int64BitsToDouble((long)reader.ReadUInt64());
            case ColumnType.NewDecimal:
                return BinaryDecimal.Read(ref reader, column.Metadata >> 8, column.Metadata & 0xFF);
            case ColumnType.Bit:
                return ReadBigEndian(ref reader, (column.Metadata + 7) / 8);
            case ColumnType.Date or ColumnType.NewDate:
                return ReadDate(ref reader);
            case ColumnType.Time:
                return ReadOldTime(ref reader);
            case ColumnType.DateTime:
                return ReadOldDateTime(ref reader);
            case ColumnType.Timestamp:
                return FromEpochSeconds(reader.ReadUInt32(), 0, 0);
            case ColumnType.Timestamp2:
                return ReadTimestamp2(ref reader, column.Metadata);
            case ColumnType.DateTime2:
                return ReadDateTime2(ref reader, column.Metadata);
            case ColumnType.Time2:
                return ReadTime2(ref reader, column.Metadata);
            case ColumnType.VarChar or ColumnType.VarString:
                return Text(ReadLengthPrefixed(ref reader, column.Metadata < 256 ? 1 : 2, "VARCHAR"), column.TextEncoding);
            case ColumnType.String:
                return ReadChar(ref reader, column);
            case ColumnType.Blob:
                return Text(ReadLengthPrefixed(ref reader, column.Metadata, "BLOB"), column.TextEncoding);
            case ColumnType.Vector:
                return ReadLengthPrefixed(ref reader, column.Metadata, "VECTOR").ToArray();
            case ColumnType.Geometry:
                return MySqlGeometry.FromInternal(ReadLengthPrefixed(ref reader, column.Metadata, "GEOMETRY"));
            case ColumnType.Json:
                return MySqlJsonBinary.ToJsonText(ReadLengthPrefixed(ref reader, column.Metadata, "JSON"));
            case ColumnType.Enum:
                return EnumLabel(column, column.Metadata == 1 ? reader.ReadByte() : reader.ReadUInt16());
            case ColumnType.Set:
                return SetLabels(column, ReadLittleEndian(ref reader, column.Metadata));
            default:
                throw new MySqlProtocolException($"unsupported column type {(byte)column.Type} ({column.Type}) in a rows event");
        }
    }

    /// <summary>A value preceded by its length in <paramref name="prefixBytes"/> (1..4) little-endian bytes.</summary>
    internal static ReadOnlySpan<byte> ReadLengthPrefixed(ref PayloadReader reader, int prefixBytes, string what)
    {
        var start = reader.Offset;
        var length = ReadLittleEndian(ref reader, prefixBytes);
        if (length > (ulong)reader.Remaining)
        {
            throw reader.Malformed($"a {what} value of {length} bytes, but only {reader.Remaining} remain", start);
        }

        return reader.ReadBytes((int)length);
    }

    private static ulong ReadLittleEndian(ref PayloadReader reader, int count)
    {
        var bytes = reader.ReadBytes(count);
        ulong v = 0;
        for (var i = count - 1; i >= 0; i--)
        {
            v = (v << 8) | bytes[i];
        }

        return v;
    }

    private static ulong ReadBigEndian(ref PayloadReader reader, int count)
    {
        var bytes = reader.ReadBytes(count);
        ulong v = 0;
        foreach (var b in bytes)
        {
            v = (v << 8) | b;
        }

        return v;
    }

    private static object Text(ReadOnlySpan<byte> bytes, Encoding? encoding) =>
        encoding is null ? bytes.ToArray() : encoding.GetString(bytes);

    /// <summary>CHAR and BINARY: a 1-byte length when the max byte length is below 256, else 2.</summary>
    private static object ReadChar(ref PayloadReader reader, BinlogColumn column)
    {
        var bytes = ReadLengthPrefixed(ref reader, column.Metadata < 256 ? 1 : 2, "CHAR");
        if (column.FixedBinary != FixedBinaryKind.None)
        {
            return FixedBinaryText.Format(column.FixedBinary, bytes);
        }

        if (column.TextEncoding is not null)
        {
            return column.TextEncoding.GetString(bytes);
        }

        // The server strips BINARY(n)'s trailing 0x00 padding when it logs the row (Field_string::pack) and pads again when it
        // applies it, so pad here too: the value then equals what a SELECT returns.
        if (bytes.Length >= column.Metadata)
        {
            return bytes.ToArray();
        }

        var padded = new byte[column.Metadata];
        bytes.CopyTo(padded);
        return padded;
    }

    private static string EnumLabel(BinlogColumn column, int index)
    {
        if (index == 0)
        {
            // Index 0 is the empty string a strict-mode-off server stores for an invalid value.
            return string.Empty;
        }

        var labels = column.Labels;
        if (labels.Count == 0)
        {
            throw new MySqlProtocolException(
                $"ENUM index {index} cannot be decoded: the labels are unknown (enable binlog_row_metadata=FULL or provide them from the schema)");
        }

        return index <= labels.Count
            ? labels[index - 1]
            : throw new MySqlProtocolException($"malformed ENUM value: index {index} is beyond the {labels.Count} labels of the column");
    }

    private static string SetLabels(BinlogColumn column, ulong bits)
    {
        if (bits == 0)
        {
            return string.Empty;
        }

        var labels = column.Labels;
        if (labels.Count == 0)
        {
            throw new MySqlProtocolException(
                $"SET value 0x{bits:X} cannot be decoded: the labels are unknown (enable binlog_row_metadata=FULL or provide them from the schema)");
        }

        if (labels.Count < 64 && bits >> labels.Count != 0)
        {
            throw new MySqlProtocolException($"malformed SET value 0x{bits:X}: it has bits beyond the {labels.Count} labels of the column");
        }

        var length = -1;
        var count = 0;
        for (var i = 0; i < labels.Count && i < 64; i++)
        {
            if ((bits & (1UL << i)) != 0)
            {
                length += labels[i].Length + 1;
                count++;
            }
        }

        if (count == 1)
        {
            return labels[System.Numerics.BitOperations.TrailingZeroCount(bits)];
        }

        return string.Create(length, (bits, labels), static (chars, state) =>
        {
            var at = 0;
            for (var i = 0; i < state.labels.Count && i < 64; i++)
            {
                if ((state.bits & (1UL << i)) != 0)
                {
                    if (at > 0)
                    {
                        chars[at++] = ',';
                    }

                    state.labels[i].AsSpan().CopyTo(chars[at..]);
                    at += state.labels[i].Length;
                }
            }
        });
    }

    /// <summary>DATE: 3 bytes little-endian, day in bits 0-4, month in 5-8, year above.</summary>
    private static MySqlDateTime ReadDate(ref PayloadReader reader)
    {
        var v = (int)reader.ReadUInt24();
        return MySqlDateTime.FromWire(v >> 9, (v >> 5) & 0xF, v & 0x1F, 0, 0, 0, 0, 0, MySqlDateTimeKind.Date, "DATE value");
    }

    /// <summary>Pre-5.6.4 TIME: a signed 3-byte little-endian integer hhmmss.</summary>
    private static MySqlTime ReadOldTime(ref PayloadReader reader)
    {
        var v = (int)(reader.ReadUInt24() << 8) >> 8;
        var negative = v < 0;
        var magnitude = Math.Abs(v);
        return MySqlTime.FromWire(negative, magnitude / 10000, magnitude / 100 % 100, magnitude % 100, 0, 0, "TIME value");
    }

    /// <summary>Pre-5.6.4 DATETIME: an 8-byte little-endian integer YYYYMMDDhhmmss.</summary>
    private static MySqlDateTime ReadOldDateTime(ref PayloadReader reader)
    {
        var start = reader.Offset;
        var v = reader.ReadUInt64();
        var date = v / 1_000_000;
        var time = (int)(v % 1_000_000);
        var year = date / 10_000;
        if (year > 9999)
        {
            throw reader.Malformed($"a DATETIME of the form YYYYMMDDhhmmss, found {v}", start);
        }

        return MySqlDateTime.FromWire((int)year, (int)(date / 100 % 100), (int)(date % 100), time / 10_000, time / 100 % 100, time % 100, 0, 0,
            MySqlDateTimeKind.DateTime, "DATETIME value");
    }

    /// <summary>Fractional seconds after TIMESTAMP2 and DATETIME2: (fsp+1)/2 big-endian bytes, in units of 10^4, 10^2 or 1 microseconds.</summary>
    private static int ReadFraction(ref PayloadReader reader, int fsp) => fsp switch
    {
        0 => 0,
        1 or 2 => reader.ReadByte() * 10_000,
        3 or 4 => (int)ReadBigEndian(ref reader, 2) * 100,
        _ => (int)ReadBigEndian(ref reader, 3),
    };

    /// <summary>TIMESTAMP2: 4 bytes big-endian seconds since the epoch, then the fraction; 0 is the zero date.</summary>
    private static MySqlDateTime ReadTimestamp2(ref PayloadReader reader, int fsp)
    {
        var seconds = (uint)ReadBigEndian(ref reader, 4);
        var microsecond = ReadFraction(ref reader, fsp);
        return FromEpochSeconds(seconds, microsecond, fsp);
    }

    private static MySqlDateTime FromEpochSeconds(uint seconds, int microsecond, int fsp)
    {
        if (seconds == 0)
        {
            return MySqlDateTime.FromWire(0, 0, 0, 0, 0, 0, 0, fsp, MySqlDateTimeKind.Timestamp, "TIMESTAMP value");
        }

        var utc = DateTime.UnixEpoch.AddSeconds(seconds);
        return MySqlDateTime.FromWire(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, microsecond, fsp, MySqlDateTimeKind.Timestamp, "TIMESTAMP value");
    }

    /// <summary>
    /// DATETIME2: 5 bytes big-endian minus 0x8000000000: sign, year*13+month (17 bits), day (5), hour (5), minute (6), second (6);
    /// then the fraction (MySQL <c>my_datetime_packed_from_binary</c>). Zero months and days are kept.
    /// </summary>
    private static MySqlDateTime ReadDateTime2(ref PayloadReader reader, int fsp)
    {
        var start = reader.Offset;
        var intPart = (long)ReadBigEndian(ref reader, 5) - DateTimeIntOffset;
        var microsecond = ReadFraction(ref reader, fsp);
        if (intPart < 0)
        {
            throw reader.Malformed("a DATETIME2 at or after 0000-00-00, found a negative value", start);
        }

        var ymd = intPart >> 17;
        var hms = (int)(intPart & 0x1FFFF);
        var yearMonth = (int)(ymd >> 5);
        return MySqlDateTime.FromWire(yearMonth / 13, yearMonth % 13, (int)(ymd & 0x1F), hms >> 12, (hms >> 6) & 0x3F, hms & 0x3F, microsecond, fsp,
            MySqlDateTimeKind.DateTime, "DATETIME2 value");
    }

    /// <summary>
    /// TIME2 (MySQL <c>my_time_packed_from_binary</c>): 3 bytes big-endian minus 0x800000 (sign, unused bit, hour 10 bits, minute 6,
    /// second 6), then 1 or 2 fraction bytes; a negative value stores its fraction as a borrow from the next second, so it is
    /// reversed here. With fsp 5 or 6 the whole value is 6 bytes big-endian minus 0x800000000000.
    /// </summary>
    private static MySqlTime ReadTime2(ref PayloadReader reader, int fsp)
    {
        long packed;
        switch (fsp)
        {
            case 0:
                packed = ((long)ReadBigEndian(ref reader, 3) - TimeIntOffset) << 24;
                break;
            case 1 or 2:
                {
                    var intPart = (long)ReadBigEndian(ref reader, 3) - TimeIntOffset;
                    int fraction = reader.ReadByte();
                    if (intPart < 0 && fraction != 0)
                    {
                        intPart++;
                        fraction -= 0x100;
                    }

                    packed = (intPart << 24) + (fraction * 10_000L);
                    break;
                }

            case 3 or 4:
                {
                    var intPart = (long)ReadBigEndian(ref reader, 3) - TimeIntOffset;
                    var fraction = (int)ReadBigEndian(ref reader, 2);
                    if (intPart < 0 && fraction != 0)
                    {
                        intPart++;
                        fraction -= 0x10000;
                    }

                    packed = (intPart << 24) + (fraction * 100L);
                    break;
                }

            default:
                packed = (long)ReadBigEndian(ref reader, 6) - TimeOffset;
                break;
        }

        var negative = packed < 0;
        if (negative)
        {
            packed = -packed;
        }

        var hms = packed >> 24;
        return MySqlTime.FromWire(negative, (hms >> 12) & 0x3FF, (int)((hms >> 6) & 0x3F), (int)(hms & 0x3F), (int)(packed & 0xFFFFFF), fsp, "TIME2 value");
    }
}
