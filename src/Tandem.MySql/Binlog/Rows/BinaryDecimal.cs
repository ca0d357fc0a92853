using System.Buffers.Binary;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Binlog.Rows;

/// <summary>
/// Decodes MySQL's binary DECIMAL (<c>decimal2bin</c> in <c>strings/decimal.cc</c>;
/// https://dev.mysql.com/doc/refman/8.4/en/precision-math-decimal-characteristics.html): the integer and fraction digits in
/// groups of 9, each group 4 bytes big-endian, leftover digits in <see cref="DigitBytes"/> bytes; the first bit is flipped, and every
/// byte is inverted when the value is negative. The size depends only on precision and scale.
/// </summary>
internal static class BinaryDecimal
{
    private const int DigitsPerGroup = 9;

    /// <summary>Bytes for 0..9 leftover digits (<c>dig2bytes</c>).</summary>
    private static ReadOnlySpan<byte> DigitBytes => [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

    private static ReadOnlySpan<int> Powers => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

    public static int Size(int precision, int scale)
    {
        var intDigits = precision - scale;
        return ((intDigits / DigitsPerGroup) * 4) + DigitBytes[intDigits % DigitsPerGroup] + ((scale / DigitsPerGroup) * 4) + DigitBytes[scale % DigitsPerGroup];
    }

    /// <summary>Reads a DECIMAL(<paramref name="precision"/>, <paramref name="scale"/>); both must already be checked (1..65, 0..30).</summary>
    public static MySqlDecimal Read(ref PayloadReader reader, int precision, int scale)
    {
        var start = reader.Offset;
        var size = Size(precision, scale);
        Span<byte> bytes = stackalloc byte[32];
        reader.ReadBytes(size).CopyTo(bytes);
        bytes = bytes[..size];
        var negative = (bytes[0] & 0x80) == 0;
        bytes[0] ^= 0x80;
        if (negative)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)~bytes[i];
            }
        }

        // Sign, 65 digits and the point fit in 72 ASCII bytes.
        Span<byte> text = stackalloc byte[72];
        var length = 0;
        if (negative)
        {
            text[length++] = (byte)'-';
        }

        var intDigits = precision - scale;
        var at = 0;
        if (intDigits == 0)
        {
            text[length++] = (byte)'0';
        }
        else
        {
            var leading = intDigits % DigitsPerGroup;
            if (leading > 0)
            {
                length += WriteGroup(bytes, ref at, leading, text[length..], start);
            }

            for (var g = 0; g < intDigits / DigitsPerGroup; g++)
            {
                length += WriteGroup(bytes, ref at, DigitsPerGroup, text[length..], start);
            }
        }

        if (scale > 0)
        {
            text[length++] = (byte)'.';
            for (var g = 0; g < scale / DigitsPerGroup; g++)
            {
                length += WriteGroup(bytes, ref at, DigitsPerGroup, text[length..], start);
            }

            var trailing = scale % DigitsPerGroup;
            if (trailing > 0)
            {
                length += WriteGroup(bytes, ref at, trailing, text[length..], start);
            }
        }

        return MySqlDecimal.Parse(text[..length]);
    }

    /// <summary>Writes one group of <paramref name="digits"/> digits, zero-padded, and returns how many bytes it wrote.</summary>
    private static int WriteGroup(ReadOnlySpan<byte> bytes, ref int at, int digits, Span<byte> text, int start)
    {
        int count = DigitBytes[digits];
        uint value = count switch
        {
            1 => bytes[at],
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]),
            3 => (uint)((bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2]),
            _ => BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]),
        };
        if (value >= (uint)Powers[digits])
        {
            throw new MySqlProtocolException($"malformed DECIMAL: expected a group of {digits} digits at offset {start + at}, found {value}");
        }

        at += count;
        for (var i = digits - 1; i >= 0; i--)
        {
            text[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        return digits;
    }
}
