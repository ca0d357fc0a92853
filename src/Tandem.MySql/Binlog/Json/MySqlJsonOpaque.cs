using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using Tandem.MySql.Binlog.Rows;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Binlog.Json;

/// <summary>
/// Writes an opaque binary JSON value (a MySQL field type and its bytes) the way <c>JSON_EXTRACT</c> prints it
/// (<c>Json_wrapper::to_string</c> in <c>sql-common/json_dom.cc</c>): DECIMAL as a number keeping its scale; DATE, TIME, DATETIME
/// and TIMESTAMP as quoted strings with 6 fractional digits (DATE without a time); anything else as
/// <c>"base64:type&lt;N&gt;:&lt;base64 of the bytes&gt;"</c>, see https://dev.mysql.com/doc/refman/8.4/en/json.html.
/// </summary>
internal static class MySqlJsonOpaque
{
    public static void Write(byte fieldType, ReadOnlySpan<byte> data, ref JsonTextBuilder output)
    {
        switch ((ColumnType)fieldType)
        {
            case ColumnType.NewDecimal:
                WriteDecimal(data, ref output);
                break;
            case ColumnType.Date or ColumnType.DateTime or ColumnType.Timestamp or ColumnType.Time:
                WriteTemporal((ColumnType)fieldType, data, ref output);
                break;
            default:
                WriteBase64(fieldType, data, ref output);
                break;
        }
    }

    /// <summary>Precision (1 byte), scale (1 byte), then the DECIMAL in its binary form (<see cref="BinaryDecimal"/>).</summary>
    private static void WriteDecimal(ReadOnlySpan<byte> data, ref JsonTextBuilder output)
    {
        if (data.Length < 2)
        {
            throw new MySqlProtocolException($"malformed binary JSON: expected a DECIMAL's precision and scale, found {data.Length} bytes");
        }

        var packed = TableMapMetadata.CheckDecimal(data[0], data[1], "binary JSON DECIMAL");
        var reader = new PayloadReader(data[2..], "binary JSON DECIMAL");
        var text = BinaryDecimal.Read(ref reader, packed >> 8, packed & 0xFF).ToString();
        AppendAscii(text, ref output);
    }

    /// <summary>
    /// An 8-byte little-endian packed temporal (<c>TIME_to_longlong_datetime_packed</c> / <c>..._time_packed</c> in
    /// <c>mysys/my_time.cc</c>): the integer part shifted left 24 bits plus the microseconds, negated when negative; the integer
    /// part is ((year*13+month)&lt;&lt;5 | day)&lt;&lt;17 | hour&lt;&lt;12 | minute&lt;&lt;6 | second (a TIME keeps only the time).
    /// </summary>
    private static void WriteTemporal(ColumnType type, ReadOnlySpan<byte> data, ref JsonTextBuilder output)
    {
        if (data.Length < 8)
        {
            throw new MySqlProtocolException($"malformed binary JSON: expected an 8-byte packed {type}, found {data.Length} bytes");
        }

        var packed = BinaryPrimitives.ReadInt64LittleEndian(data);
        var negative = packed < 0;
        if (packed == long.MinValue)
        {
            throw new MySqlProtocolException($"malformed binary JSON: packed {type} {packed} is out of range");
        }

        var magnitude = negative ? -packed : packed;
        var microsecond = (int)(magnitude & 0xFFFFFF);
        var intPart = magnitude >> 24;
        var hms = intPart & 0x1FFFF;
        int hour = (int)(hms >> 12), minute = (int)((hms >> 6) & 0x3F), second = (int)(hms & 0x3F);
        string text;
        if (type == ColumnType.Time)
        {
            text = MySqlTime.FromWire(negative, (intPart >> 12) & 0x3FF, minute, second, microsecond, 6, "binary JSON TIME").ToString();
        }
        else
        {
            if (negative)
            {
                throw new MySqlProtocolException($"malformed binary JSON: packed {type} {packed} is negative");
            }

            var ymd = intPart >> 17;
            var yearMonth = ymd >> 5;
            if (yearMonth / 13 > 9999)
            {
                throw new MySqlProtocolException($"malformed binary JSON: packed {type} has year {yearMonth / 13}");
            }

            var kind = type switch
            {
                ColumnType.Date => MySqlDateTimeKind.Date,
                ColumnType.Timestamp => MySqlDateTimeKind.Timestamp,
                _ => MySqlDateTimeKind.DateTime,
            };
            text = kind == MySqlDateTimeKind.Date
                ? MySqlDateTime.FromWire((int)(yearMonth / 13), (int)(yearMonth % 13), (int)(ymd & 0x1F), 0, 0, 0, 0, 0, kind, "binary JSON DATE").ToString()
                : MySqlDateTime.FromWire((int)(yearMonth / 13), (int)(yearMonth % 13), (int)(ymd & 0x1F), hour, minute, second, microsecond, 6, kind, $"binary JSON {type}").ToString();
        }

        output.Append((byte)'"');
        AppendAscii(text, ref output);
        output.Append((byte)'"');
    }

    private static void WriteBase64(byte fieldType, ReadOnlySpan<byte> data, ref JsonTextBuilder output)
    {
        output.Append("\"base64:type"u8);
        fieldType.TryFormat(output.GetSpan(3), out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
        output.Append((byte)':');
        var span = output.GetSpan(Base64.GetMaxEncodedToUtf8Length(data.Length));
        Base64.EncodeToUtf8(data, span, out _, out written);
        output.Advance(written);
        output.Append((byte)'"');
    }

    private static void AppendAscii(string text, ref JsonTextBuilder output)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
    }
}
