using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// Decodes one non-NULL value of a text-protocol row (COM_QUERY), where every value arrives as a length-encoded string.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_row.html.
/// </summary>
/// <remarks>
/// Result types, a contract for the rest of Tandem: integers are <see cref="long"/>, or <see cref="ulong"/> when unsigned;
/// YEAR is <see cref="int"/>; FLOAT <see cref="float"/>; DOUBLE <see cref="double"/>; DECIMAL <see cref="MySqlDecimal"/>;
/// BIT <see cref="ulong"/>; DATE/DATETIME/TIMESTAMP <see cref="MySqlDateTime"/>; TIME <see cref="MySqlTime"/>; JSON <see cref="string"/>;
/// strings, ENUM and SET <see cref="string"/>, or <see cref="byte"/>[] for the binary character set; GEOMETRY <see cref="MySqlGeometry"/>;
/// VECTOR <see cref="byte"/>[].
/// </remarks>
public static class TextValueDecoder
{
    public static object Decode(ColumnDefinition column, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(column);
        try
        {
            return column.Type switch
            {
                ColumnType.Tiny or ColumnType.Short or ColumnType.Int24 or ColumnType.Long or ColumnType.LongLong =>
                    column.IsUnsigned ? ParseUInt64(column, value) : ParseInt64(column, value),
                ColumnType.Year => ParseYear(column, value),
                ColumnType.Float => ParseFloat(column, value),
                ColumnType.Double => ParseDouble(column, value),
                ColumnType.Decimal or ColumnType.NewDecimal => MySqlDecimal.Parse(value),
                ColumnType.Date or ColumnType.NewDate => MySqlDateTime.ParseText(value, MySqlDateTimeKind.Date),
                ColumnType.DateTime or ColumnType.DateTime2 => ParseDateTime(column, value, MySqlDateTimeKind.DateTime),
                ColumnType.Timestamp or ColumnType.Timestamp2 => ParseDateTime(column, value, MySqlDateTimeKind.Timestamp),
                ColumnType.Time or ColumnType.Time2 => ParseTime(column, value),
                _ => DecodeBytes(column, value),
            };
        }
        catch (MySqlProtocolException ex)
        {
            throw ForColumn(column, ex);
        }
    }

    /// <summary>The same error, prefixed with the column it happened in.</summary>
    internal static MySqlProtocolException ForColumn(ColumnDefinition column, MySqlProtocolException inner) =>
        new($"column '{column.Name}' ({column.Type}): {inner.Message}", inner);

    /// <summary>Values that arrive as plain bytes in both protocols: strings, BLOBs, JSON, BIT, GEOMETRY, VECTOR, ENUM, SET.</summary>
    internal static object DecodeBytes(ColumnDefinition column, ReadOnlySpan<byte> value) => column.Type switch
    {
        // BIT is sent as its raw big-endian bytes, (M+7)/8 of them.
        ColumnType.Bit => ParseBit(column, value),
        // MySQL labels JSON with the binary character set, but the text is always utf8mb4.
        // See https://dev.mysql.com/doc/refman/8.4/en/json.html#json-character-sets.
        ColumnType.Json => Encoding.UTF8.GetString(value),
        ColumnType.Geometry => MySqlGeometry.FromInternal(value),
        ColumnType.Vector => value.ToArray(),
        ColumnType.Enum or ColumnType.Set or ColumnType.String or ColumnType.VarString or ColumnType.VarChar or
            ColumnType.TinyBlob or ColumnType.Blob or ColumnType.MediumBlob or ColumnType.LongBlob =>
            column.IsBinary ? value.ToArray() : MySqlCharacterSets.GetEncoding(column.CharacterSet).GetString(value),
        ColumnType.Null => throw new MySqlProtocolException("the NULL type has no value to decode; NULL is signalled separately"),
        _ => throw new MySqlProtocolException($"unsupported column type {(byte)column.Type}"),
    };

    private static MySqlProtocolException Malformed(ColumnDefinition column, ReadOnlySpan<byte> value, string expected) =>
        new($"malformed {column.Type} value '{ValueText.Describe(value)}', expected {expected}");

    private static long ParseInt64(ColumnDefinition column, ReadOnlySpan<byte> value)
    {
        var negative = !value.IsEmpty && value[0] == (byte)'-';
        var magnitude = TryParseDigits(negative ? value[1..] : value, out var m) ? m : throw Malformed(column, value, "a signed integer");
        if (negative)
        {
            return magnitude <= (ulong)long.MaxValue + 1 ? (long)(0 - magnitude) : throw Malformed(column, value, "a signed 64-bit integer");
        }

        return magnitude <= long.MaxValue ? (long)magnitude : throw Malformed(column, value, "a signed 64-bit integer");
    }

    private static ulong ParseUInt64(ColumnDefinition column, ReadOnlySpan<byte> value) =>
        TryParseDigits(value, out var result) ? result : throw Malformed(column, value, "an unsigned 64-bit integer");

    private static int ParseYear(ColumnDefinition column, ReadOnlySpan<byte> value) =>
        value.Length <= 4 && TryParseDigits(value, out var year) ? (int)year : throw Malformed(column, value, "a YEAR of up to 4 digits");

    private static bool TryParseDigits(ReadOnlySpan<byte> digits, out ulong value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            var digit = (ulong)(b - '0');
            if (value > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private static float ParseFloat(ColumnDefinition column, ReadOnlySpan<byte> value) =>
        IsFloatText(value) && float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) && float.IsFinite(result)
            ? result
            : throw Malformed(column, value, "a finite FLOAT");

    private static double ParseDouble(ColumnDefinition column, ReadOnlySpan<byte> value) =>
        IsFloatText(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) && double.IsFinite(result)
            ? result
            : throw Malformed(column, value, "a finite DOUBLE");

    // .NET also accepts spaces, "NaN" and "Infinity"; the server never sends them, so they are malformed here.
    private static bool IsFloatText(ReadOnlySpan<byte> value) =>
        !value.IsEmpty && !value.ContainsAnyExcept("0123456789+-.eE"u8);

    private static ulong ParseBit(ColumnDefinition column, ReadOnlySpan<byte> value)
    {
        if (value.Length is < 1 or > 8)
        {
            throw Malformed(column, value, "1 to 8 big-endian BIT bytes");
        }

        Span<byte> padded = stackalloc byte[8];
        padded.Clear();
        value.CopyTo(padded[(8 - value.Length)..]);
        return BinaryPrimitives.ReadUInt64BigEndian(padded);
    }

    private static MySqlDateTime ParseDateTime(ColumnDefinition column, ReadOnlySpan<byte> value, MySqlDateTimeKind kind)
    {
        var parsed = MySqlDateTime.ParseText(value, kind);
        var digits = FractionDigits(column, parsed.FractionDigits);
        return digits == parsed.FractionDigits
            ? parsed
            : MySqlDateTime.FromWire(parsed.Year, parsed.Month, parsed.Day, parsed.Hour, parsed.Minute, parsed.Second, parsed.Microsecond, digits, kind, $"{MySqlDateTime.KindName(kind)} value '{ValueText.Describe(value)}'");
    }

    private static MySqlTime ParseTime(ColumnDefinition column, ReadOnlySpan<byte> value)
    {
        var parsed = MySqlTime.ParseText(value);
        var digits = FractionDigits(column, parsed.FractionDigits);
        return digits == parsed.FractionDigits
            ? parsed
            : MySqlTime.FromWire(parsed.IsNegative, parsed.Hours, parsed.Minutes, parsed.Seconds, parsed.Microseconds, digits, $"TIME value '{ValueText.Describe(value)}'");
    }

    /// <summary>The column's fsp when it has one (0..6); computed columns report 31 (NOT_FIXED_DEC), so the text decides.</summary>
    private static int FractionDigits(ColumnDefinition column, int fromValue) => column.Decimals <= 6 ? column.Decimals : fromValue;
}
