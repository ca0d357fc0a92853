using System.Text;

namespace Tandem.MySql.Tests.Binlog.Builders;

/// <summary>
/// Encodes column values the way rows events carry them
/// (https://mariadb.com/kb/en/rows_event_v1v2-rows_compressed_event_v1/), written from the documented formats, so tests and other
/// engineers can build events byte by byte. The inverse of <c>RowValueDecoder</c>.
/// </summary>
internal static class BinlogValueEncoder
{
    private static readonly int[] DigitBytes = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

    public static byte[] Int8(long v) => [(byte)v];

    public static byte[] Int16(long v) => LittleEndian((ulong)v, 2);

    public static byte[] Int24(long v) => LittleEndian((ulong)v, 3);

    public static byte[] Int32(long v) => LittleEndian((ulong)v, 4);

    public static byte[] Int64(long v) => LittleEndian((ulong)v, 8);

    public static byte[] UInt64(ulong v) => LittleEndian(v, 8);

    public static byte[] Float(float v) => LittleEndian((uint)BitConverter.SingleToInt32Bits(v), 4);

    public static byte[] Double(double v) => LittleEndian((ulong)BitConverter.DoubleToInt64Bits(v), 8);

    public static byte[] LittleEndian(ulong v, int bytes)
    {
        var result = new byte[bytes];
        for (var i = 0; i < bytes; i++)
        {
            result[i] = (byte)(v >> (8 * i));
        }

        return result;
    }

    public static byte[] BigEndian(ulong v, int bytes)
    {
        var result = new byte[bytes];
        for (var i = 0; i < bytes; i++)
        {
            result[bytes - 1 - i] = (byte)(v >> (8 * i));
        }

        return result;
    }

    /// <summary>The value preceded by its length in <paramref name="prefixBytes"/> little-endian bytes (VARCHAR, CHAR, BLOB, JSON...).</summary>
    public static byte[] LengthPrefixed(byte[] value, int prefixBytes) => [.. LittleEndian((ulong)value.Length, prefixBytes), .. value];

    public static byte[] LengthPrefixed(string value, Encoding encoding, int prefixBytes) => LengthPrefixed(encoding.GetBytes(value), prefixBytes);

    /// <summary>
    /// <c>decimal2bin</c> (MySQL <c>strings/decimal.cc</c>): digits in big-endian groups of 9 (4 bytes), leftover digits in
    /// dig2bytes bytes, every byte inverted when negative, then the first bit flipped.
    /// </summary>
    public static byte[] Decimal(string text, int precision, int scale)
    {
        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        var point = digits.IndexOf('.', StringComparison.Ordinal);
        var intText = point < 0 ? digits : digits[..point];
        var fracText = point < 0 ? string.Empty : digits[(point + 1)..];
        var intDigits = precision - scale;
        intText = intText.TrimStart('0').PadLeft(intDigits, '0');
        fracText = fracText.PadRight(scale, '0');
        if (intText.Length > intDigits || fracText.Length > scale)
        {
            throw new ArgumentException($"{text} does not fit DECIMAL({precision},{scale})", nameof(text));
        }

        var bytes = new List<byte>();
        var leading = intDigits % 9;
        var at = 0;
        if (leading > 0)
        {
            bytes.AddRange(BigEndian(ulong.Parse(intText[..leading], System.Globalization.CultureInfo.InvariantCulture), DigitBytes[leading]));
            at = leading;
        }

        for (; at < intDigits; at += 9)
        {
            bytes.AddRange(BigEndian(ulong.Parse(intText.Substring(at, 9), System.Globalization.CultureInfo.InvariantCulture), 4));
        }

        for (at = 0; at + 9 <= scale; at += 9)
        {
            bytes.AddRange(BigEndian(ulong.Parse(fracText.Substring(at, 9), System.Globalization.CultureInfo.InvariantCulture), 4));
        }

        if (scale % 9 > 0)
        {
            bytes.AddRange(BigEndian(ulong.Parse(fracText[at..], System.Globalization.CultureInfo.InvariantCulture), DigitBytes[scale % 9]));
        }

        var result = bytes.ToArray();
        if (negative)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = (byte)~result[i];
            }
        }

        result[0] ^= 0x80;
        return result;
    }

    /// <summary>DATE: day | month &lt;&lt; 5 | year &lt;&lt; 9, 3 bytes little-endian.</summary>
    public static byte[] Date(int year, int month, int day) => LittleEndian((ulong)(day | (month << 5) | (year << 9)), 3);

    /// <summary>The fraction after TIMESTAMP2 and DATETIME2: (fsp+1)/2 big-endian bytes.</summary>
    public static byte[] Fraction(int microsecond, int fsp) => fsp switch
    {
        0 => [],
        1 or 2 => [(byte)(microsecond / 10_000)],
        3 or 4 => BigEndian((ulong)(microsecond / 100), 2),
        _ => BigEndian((ulong)microsecond, 3),
    };

    /// <summary>TIMESTAMP2: 4 bytes big-endian seconds since the epoch, then the fraction.</summary>
    public static byte[] Timestamp2(uint seconds, int microsecond, int fsp) => [.. BigEndian(seconds, 4), .. Fraction(microsecond, fsp)];

    /// <summary>DATETIME2: 5 bytes big-endian of 0x8000000000 + ((year*13+month)&lt;&lt;5|day)&lt;&lt;17 | h&lt;&lt;12 | m&lt;&lt;6 | s, then the fraction.</summary>
    public static byte[] DateTime2(int year, int month, int day, int hour, int minute, int second, int microsecond, int fsp)
    {
        var ymd = ((long)((year * 13) + month) << 5) | (long)day;
        var hms = (hour << 12) | (minute << 6) | second;
        return [.. BigEndian((ulong)(0x8000000000 + ((ymd << 17) | (long)hms)), 5), .. Fraction(microsecond, fsp)];
    }

    /// <summary>TIME2, as MySQL's <c>my_time_packed_to_binary</c> writes it from the packed value (negative fractions borrow from the seconds).</summary>
    public static byte[] Time2(bool negative, int hours, int minutes, int seconds, int microseconds, int fsp)
    {
        var packed = ((long)((hours << 12) | (minutes << 6) | seconds) << 24) + microseconds;
        if (negative)
        {
            packed = -packed;
        }

        var intPart = packed >> 24;
        var fracPart = packed % (1L << 24);
        return fsp switch
        {
            0 => BigEndian((ulong)(0x800000 + intPart), 3),
            1 or 2 => [.. BigEndian((ulong)(0x800000 + intPart), 3), (byte)(sbyte)(fracPart / 10_000)],
            3 or 4 => [.. BigEndian((ulong)(0x800000 + intPart), 3), .. BigEndian((ulong)(ushort)(short)(fracPart / 100), 2)],
            _ => BigEndian((ulong)(packed + 0x800000000000), 6),
        };
    }

    /// <summary>The packed temporal of binary JSON opaque values (<c>TIME_to_longlong_datetime_packed</c>), 8 bytes little-endian.</summary>
    public static byte[] PackedDateTime(int year, int month, int day, int hour, int minute, int second, int microsecond)
    {
        var ymd = ((long)((year * 13) + month) << 5) | (long)day;
        var hms = (long)((hour << 12) | (minute << 6) | second);
        return Int64((((ymd << 17) | hms) << 24) + microsecond);
    }

    /// <summary>The packed TIME of binary JSON opaque values (<c>TIME_to_longlong_time_packed</c>), 8 bytes little-endian.</summary>
    public static byte[] PackedTime(bool negative, int hours, int minutes, int seconds, int microseconds)
    {
        var packed = ((long)((hours << 12) | (minutes << 6) | seconds) << 24) + microseconds;
        return Int64(negative ? -packed : packed);
    }

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
