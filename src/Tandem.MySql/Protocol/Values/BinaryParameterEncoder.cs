using System.Globalization;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// Encodes one COM_STMT_EXECUTE parameter value and reports its type, for the parameter-type block (type byte, 0x80 flag when unsigned).
/// The value layouts are those of the binary result set.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html and
/// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html.
/// </summary>
/// <remarks>
/// Strings are written as UTF-8, so the session's character_set_client must be utf8mb4 (Tandem's sessions set it).
/// <see cref="DateTime"/> values are sent as they are, without any time-zone conversion, truncated to microseconds.
/// </remarks>
public static class BinaryParameterEncoder
{
    public static void Encode(object? value, PayloadWriter writer, out ColumnType type, out bool isUnsigned)
    {
        ArgumentNullException.ThrowIfNull(writer);
        isUnsigned = false;
        switch (value)
        {
            case null or DBNull:
                type = ColumnType.Null;
                break;
            case MySqlLongData v:
                // Sent beforehand with COM_STMT_SEND_LONG_DATA: the execute carries its type, not its value.
                type = v.Type;
                break;
            case bool b:
                type = ColumnType.Tiny;
                writer.WriteByte(b ? (byte)1 : (byte)0);
                break;
            case sbyte v:
                type = ColumnType.Tiny;
                writer.WriteByte((byte)v);
                break;
            case byte v:
                type = ColumnType.Tiny;
                isUnsigned = true;
                writer.WriteByte(v);
                break;
            case short v:
                type = ColumnType.Short;
                writer.WriteUInt16((ushort)v);
                break;
            case ushort v:
                type = ColumnType.Short;
                isUnsigned = true;
                writer.WriteUInt16(v);
                break;
            case int v:
                type = ColumnType.Long;
                writer.WriteUInt32((uint)v);
                break;
            case uint v:
                type = ColumnType.Long;
                isUnsigned = true;
                writer.WriteUInt32(v);
                break;
            case long v:
                type = ColumnType.LongLong;
                writer.WriteUInt64((ulong)v);
                break;
            case ulong v:
                type = ColumnType.LongLong;
                isUnsigned = true;
                writer.WriteUInt64(v);
                break;
            case Enum e:
                Encode(Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture), writer, out type, out isUnsigned);
                break;
            case float v:
                type = ColumnType.Float;
                writer.WriteUInt32((uint)BitConverter.SingleToInt32Bits(v));
                break;
            case double v:
                type = ColumnType.Double;
                writer.WriteUInt64((ulong)BitConverter.DoubleToInt64Bits(v));
                break;
            case decimal v:
                type = ColumnType.NewDecimal;
                writer.WriteLengthEncodedString(v.ToString(CultureInfo.InvariantCulture));
                break;
            case MySqlDecimal v:
                type = ColumnType.NewDecimal;
                writer.WriteLengthEncodedString(v.ToString());
                break;
            case string v:
                type = ColumnType.VarString;
                writer.WriteLengthEncodedString(v);
                break;
            case Guid v:
                type = ColumnType.VarString;
                writer.WriteLengthEncodedString(v.ToString("D"));
                break;
            case byte[] v:
                type = ColumnType.Blob;
                writer.WriteLengthEncodedBytes(v);
                break;
            case ReadOnlyMemory<byte> v:
                type = ColumnType.Blob;
                writer.WriteLengthEncodedBytes(v.Span);
                break;
            case Memory<byte> v:
                type = ColumnType.Blob;
                writer.WriteLengthEncodedBytes(v.Span);
                break;
            case MySqlGeometry v:
                // The server accepts its internal geometry format (SRID + WKB) for a GEOMETRY column.
                type = ColumnType.Blob;
                writer.WriteLengthEncodedBytes(v.ToInternal());
                break;
            case MySqlDateTime v:
                type = v.Kind switch
                {
                    MySqlDateTimeKind.Date => ColumnType.Date,
                    MySqlDateTimeKind.Timestamp => ColumnType.Timestamp,
                    _ => ColumnType.DateTime,
                };
                WriteDateTime(writer, v.Year, v.Month, v.Day, v.Hour, v.Minute, v.Second, v.Microsecond);
                break;
            case DateTime v:
                type = ColumnType.DateTime;
                WriteDateTime(writer, v.Year, v.Month, v.Day, v.Hour, v.Minute, v.Second, (int)(v.Ticks % TimeSpan.TicksPerSecond / 10));
                break;
            case DateOnly v:
                type = ColumnType.Date;
                WriteDateTime(writer, v.Year, v.Month, v.Day, 0, 0, 0, 0);
                break;
            case MySqlTime v:
                type = ColumnType.Time;
                WriteTime(writer, v.IsNegative, (uint)(v.Hours / 24), v.Hours % 24, v.Minutes, v.Seconds, v.Microseconds);
                break;
            case TimeSpan v:
                type = ColumnType.Time;
                var time = MySqlTime.FromTimeSpan(v, 6);
                WriteTime(writer, time.IsNegative, (uint)(time.Hours / 24), time.Hours % 24, time.Minutes, time.Seconds, time.Microseconds);
                break;
            case TimeOnly v:
                type = ColumnType.Time;
                WriteTime(writer, false, 0, v.Hour, v.Minute, v.Second, (int)(v.Ticks % TimeSpan.TicksPerSecond / 10));
                break;
            default:
                throw new ArgumentException($"cannot send a value of .NET type {value.GetType().FullName} as a MySQL statement parameter", nameof(value));
        }
    }

    /// <summary>The shortest of the 0/4/7/11-byte forms that holds the value.</summary>
    private static void WriteDateTime(PayloadWriter writer, int year, int month, int day, int hour, int minute, int second, int microsecond)
    {
        var hasTime = hour != 0 || minute != 0 || second != 0 || microsecond != 0;
        if (!hasTime && year == 0 && month == 0 && day == 0)
        {
            writer.WriteByte(0);
            return;
        }

        writer.WriteByte(microsecond != 0 ? (byte)11 : hasTime ? (byte)7 : (byte)4);
        writer.WriteUInt16((ushort)year);
        writer.WriteByte((byte)month);
        writer.WriteByte((byte)day);
        if (hasTime)
        {
            writer.WriteByte((byte)hour);
            writer.WriteByte((byte)minute);
            writer.WriteByte((byte)second);
            if (microsecond != 0)
            {
                writer.WriteUInt32((uint)microsecond);
            }
        }
    }

    /// <summary>The shortest of the 0/8/12-byte forms that holds the value.</summary>
    private static void WriteTime(PayloadWriter writer, bool negative, uint days, int hour, int minute, int second, int microsecond)
    {
        if (days == 0 && hour == 0 && minute == 0 && second == 0 && microsecond == 0)
        {
            writer.WriteByte(0);
            return;
        }

        writer.WriteByte(microsecond != 0 ? (byte)12 : (byte)8);
        writer.WriteByte(negative ? (byte)1 : (byte)0);
        writer.WriteUInt32(days);
        writer.WriteByte((byte)hour);
        writer.WriteByte((byte)minute);
        writer.WriteByte((byte)second);
        if (microsecond != 0)
        {
            writer.WriteUInt32((uint)microsecond);
        }
    }
}
