using System.Buffers.Binary;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// Decodes one non-NULL value of a binary-protocol row (a COM_STMT_EXECUTE result), consuming exactly its bytes.
/// The result types are those of <see cref="TextValueDecoder"/>.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html.
/// </summary>
public static class BinaryValueDecoder
{
    public static object Decode(ColumnDefinition column, ref PayloadReader reader)
    {
        ArgumentNullException.ThrowIfNull(column);
        try
        {
            return column.Type switch
            {
                ColumnType.Tiny => column.IsUnsigned ? (ulong)reader.ReadByte() : (long)(sbyte)reader.ReadByte(),
                ColumnType.Short => column.IsUnsigned ? (ulong)reader.ReadUInt16() : (long)(short)reader.ReadUInt16(),
                // INT24 travels in 4 bytes like LONG.
                ColumnType.Int24 or ColumnType.Long => column.IsUnsigned ? (ulong)reader.ReadUInt32() : (long)(int)reader.ReadUInt32(),
                ColumnType.LongLong => column.IsUnsigned ? reader.ReadUInt64() : (long)reader.ReadUInt64(),
                ColumnType.Year => (int)reader.ReadUInt16(),
                ColumnType.Float => BitConverter.Int32BitsToSingle((int)reader.ReadUInt32()),
                ColumnType.Double => BitConverter.Int64BitsToDouble((long)reader.ReadUInt64()),
                ColumnType.Date or ColumnType.NewDate => ReadDateTime(column, ref reader, MySqlDateTimeKind.Date),
                ColumnType.DateTime or ColumnType.DateTime2 => ReadDateTime(column, ref reader, MySqlDateTimeKind.DateTime),
                ColumnType.Timestamp or ColumnType.Timestamp2 => ReadDateTime(column, ref reader, MySqlDateTimeKind.Timestamp),
                ColumnType.Time or ColumnType.Time2 => ReadTime(column, ref reader),
                // DECIMAL is sent as its text, like in the text protocol.
                ColumnType.Decimal or ColumnType.NewDecimal => MySqlDecimal.Parse(reader.ReadLengthEncodedBytes()),
                _ => TextValueDecoder.DecodeBytes(column, reader.ReadLengthEncodedBytes()),
            };
        }
        catch (MySqlProtocolException ex)
        {
            throw TextValueDecoder.ForColumn(column, ex);
        }
    }

    /// <summary>Length 0 (zero date), 4 (y m d), 7 (+ h m s) or 11 (+ microseconds); year and microseconds little-endian.</summary>
    private static MySqlDateTime ReadDateTime(ColumnDefinition column, ref PayloadReader reader, MySqlDateTimeKind kind)
    {
        var start = reader.Offset;
        var length = reader.ReadByte();
        if (length is not (0 or 4 or 7 or 11))
        {
            throw reader.Malformed($"a {MySqlDateTime.KindName(kind)} length of 0, 4, 7 or 11, found {length}", start);
        }

        var fields = reader.ReadBytes(length);
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, microsecond = 0;
        if (length >= 4)
        {
            year = BinaryPrimitives.ReadUInt16LittleEndian(fields);
            month = fields[2];
            day = fields[3];
        }

        if (length >= 7)
        {
            hour = fields[4];
            minute = fields[5];
            second = fields[6];
        }

        if (length == 11)
        {
            var micro = BinaryPrimitives.ReadUInt32LittleEndian(fields[7..]);
            microsecond = micro <= 999_999 ? (int)micro : throw reader.Malformed($"microseconds 0..999999, found {micro}", start + 8);
        }

        var digits = kind == MySqlDateTimeKind.Date ? 0 : FractionDigits(column, microsecond);
        return MySqlDateTime.FromWire(year, month, day, hour, minute, second, microsecond, digits, kind, $"binary {MySqlDateTime.KindName(kind)} value");
    }

    /// <summary>Length 0 (zero), 8 (is_negative, days(4), h, m, s) or 12 (+ microseconds(4)), little-endian.</summary>
    private static MySqlTime ReadTime(ColumnDefinition column, ref PayloadReader reader)
    {
        var start = reader.Offset;
        var length = reader.ReadByte();
        if (length is not (0 or 8 or 12))
        {
            throw reader.Malformed($"a TIME length of 0, 8 or 12, found {length}", start);
        }

        if (length == 0)
        {
            return MySqlTime.FromWire(false, 0, 0, 0, 0, FractionDigits(column, 0), "binary TIME value");
        }

        var fields = reader.ReadBytes(length);
        if (fields[0] > 1)
        {
            throw reader.Malformed($"a TIME sign byte of 0 or 1, found {fields[0]}", start + 1);
        }

        var days = BinaryPrimitives.ReadUInt32LittleEndian(fields[1..]);
        var hour = fields[5];
        if (hour > 23)
        {
            throw reader.Malformed($"a TIME hour of 0..23 next to the days, found {hour}", start + 6);
        }

        var microsecond = 0;
        if (length == 12)
        {
            var micro = BinaryPrimitives.ReadUInt32LittleEndian(fields[8..]);
            microsecond = micro <= 999_999 ? (int)micro : throw reader.Malformed($"microseconds 0..999999, found {micro}", start + 9);
        }

        return MySqlTime.FromWire(fields[0] == 1, ((long)days * 24) + hour, fields[6], fields[7], microsecond, FractionDigits(column, microsecond), "binary TIME value");
    }

    /// <summary>The column's fsp when it has one; without it (31, NOT_FIXED_DEC) show 6 digits only when there is a fraction.</summary>
    private static int FractionDigits(ColumnDefinition column, int microsecond) =>
        column.Decimals <= 6 ? column.Decimals : microsecond == 0 ? 0 : 6;
}
