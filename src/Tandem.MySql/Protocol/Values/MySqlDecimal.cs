using System.Globalization;
using System.Text;

namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// An exact DECIMAL value as MySQL and MariaDB hold it: up to 65 digits, up to 30 of them after the point.
/// It is kept as its canonical text and never passes through <see cref="decimal"/>, which has only 28-29 digits.
/// See https://dev.mysql.com/doc/refman/8.4/en/precision-math-decimal-characteristics.html.
/// </summary>
/// <remarks>
/// Equality is textual on the canonical form: the scale is part of the value, so 1.5 and 1.50 are different values
/// (as they are different column values on the server), while -0.00 is normalised to 0.00 and equals it.
/// </remarks>
public readonly struct MySqlDecimal : IEquatable<MySqlDecimal>
{
    public const int MaxPrecision = 65;
    public const int MaxScale = 30;

    // Canonical text: optional '-', integer digits without leading zeros (at least one digit), then '.' and exactly Scale digits.
    private readonly string? _text;
    private readonly int _precision;

    private MySqlDecimal(string text, int scale, int precision, bool negative)
    {
        _text = text;
        Scale = scale;
        _precision = precision;
        IsNegative = negative;
    }

    /// <summary>Digits after the decimal point, as given in the text (trailing zeros count).</summary>
    public int Scale { get; }

    /// <summary>Significant integer digits plus <see cref="Scale"/>; at least 1. A leading "0." does not count.</summary>
    public int Precision => _text is null ? 1 : _precision;

    /// <summary>True for values below zero; negative zero is normalised away, so "-0.00" is not negative.</summary>
    public bool IsNegative { get; }

    public static MySqlDecimal Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text.Length <= 200 && Ascii.IsValid(text))
        {
            Span<byte> bytes = stackalloc byte[text.Length];
            Encoding.ASCII.GetBytes(text, bytes);
            if (TryParseCore(bytes, out var value, out var error))
            {
                return value;
            }

            throw new FormatException($"'{text}' is not a valid MySQL DECIMAL: {error}");
        }

        throw new FormatException($"'{Truncate(text)}' is not a valid MySQL DECIMAL: expected at most 200 ASCII characters: digits with an optional sign and point");
    }

    /// <summary>Parses DECIMAL text as the server sends it; malformed text is a protocol error.</summary>
    public static MySqlDecimal Parse(ReadOnlySpan<byte> asciiText)
    {
        if (TryParseCore(asciiText, out var value, out var error))
        {
            return value;
        }

        throw new MySqlProtocolException($"malformed DECIMAL value '{ValueText.Describe(asciiText)}': {error}");
    }

    public static bool TryParse(ReadOnlySpan<byte> asciiText, out MySqlDecimal value) => TryParseCore(asciiText, out value, out _);

    public static bool TryParse(string? text, out MySqlDecimal value)
    {
        value = default;
        if (text is null || text.Length == 0 || text.Length > 200 || !Ascii.IsValid(text))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[text.Length];
        Encoding.ASCII.GetBytes(text, bytes);
        return TryParseCore(bytes, out value, out _);
    }

    /// <summary>The exact value of a <see cref="decimal"/>, keeping its scale (1.50m becomes "1.50").</summary>
    public static MySqlDecimal FromDecimal(decimal value) =>
        Parse(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Converts exactly; false when the value has more significant digits than <see cref="decimal"/> holds.</summary>
    /// <remarks>Fractional digits beyond decimal's 28 are dropped only when they are zeros, so the conversion never rounds.</remarks>
    public bool TryToDecimal(out decimal value)
    {
        value = 0m;
        var text = ToString();
        var digits = text.AsSpan(IsNegative ? 1 : 0);
        var point = digits.IndexOf('.');
        var intPart = point < 0 ? digits : digits[..point];
        var fracPart = point < 0 ? ReadOnlySpan<char>.Empty : digits[(point + 1)..];
        if (fracPart.Length > 28)
        {
            var kept = fracPart[..28];
            if (fracPart[28..].ContainsAnyExcept('0'))
            {
                return false;
            }

            fracPart = kept;
        }

        // 2^96 - 1 has 29 digits; anything longer after dropping leading zeros cannot fit.
        var intSignificant = intPart.TrimStart('0');
        var fracSignificant = intSignificant.IsEmpty ? fracPart.TrimStart('0') : fracPart;
        if (intSignificant.Length + fracSignificant.Length > 29)
        {
            return false;
        }

        UInt128 mantissa = 0;
        foreach (var c in intSignificant)
        {
            mantissa = (mantissa * 10) + (uint)(c - '0');
        }

        foreach (var c in fracSignificant)
        {
            mantissa = (mantissa * 10) + (uint)(c - '0');
        }

        var max = ((UInt128)1 << 96) - 1;
        if (mantissa > max)
        {
            return false;
        }

        var lo = (int)(uint)mantissa;
        var mid = (int)(uint)(mantissa >> 32);
        var hi = (int)(uint)(mantissa >> 64);
        value = new decimal(lo, mid, hi, IsNegative, (byte)fracPart.Length);
        return true;
    }

    public decimal ToDecimal() =>
        TryToDecimal(out var value)
            ? value
            : throw new OverflowException($"DECIMAL value {ToString()} does not fit in System.Decimal exactly (at most 28-29 significant digits and 28 fractional digits); keep it as MySqlDecimal or text");

    /// <summary>The canonical server text, for example "-0.010" or "123".</summary>
    public override string ToString() => _text ?? "0";

    public bool Equals(MySqlDecimal other) => string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is MySqlDecimal other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    public static bool operator ==(MySqlDecimal left, MySqlDecimal right) => left.Equals(right);

    public static bool operator !=(MySqlDecimal left, MySqlDecimal right) => !left.Equals(right);

    private static bool TryParseCore(ReadOnlySpan<byte> text, out MySqlDecimal value, out string error)
    {
        value = default;
        var i = 0;
        var negative = false;
        if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
        {
            negative = text[i] == (byte)'-';
            i++;
        }

        var intStart = i;
        while (i < text.Length && IsDigit(text[i]))
        {
            i++;
        }

        var intDigits = text[intStart..i];
        var fracDigits = ReadOnlySpan<byte>.Empty;
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            var fracStart = i;
            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }

            fracDigits = text[fracStart..i];
            if (fracDigits.Length == 0)
            {
                error = "expected digits after the decimal point";
                return false;
            }
        }

        if (i != text.Length)
        {
            error = i < text.Length ? $"unexpected character at position {i}" : "unexpected end";
            return false;
        }

        if (intDigits.Length == 0 && fracDigits.Length == 0)
        {
            error = "expected at least one digit";
            return false;
        }

        var firstSignificant = intDigits.IndexOfAnyExcept((byte)'0');
        var significantInt = firstSignificant < 0 ? ReadOnlySpan<byte>.Empty : intDigits[firstSignificant..];
        if (fracDigits.Length > MaxScale)
        {
            error = $"{fracDigits.Length} fractional digits, at most {MaxScale} allowed";
            return false;
        }

        var precision = Math.Max(1, significantInt.Length + fracDigits.Length);
        if (significantInt.Length + fracDigits.Length > MaxPrecision)
        {
            error = $"{significantInt.Length + fracDigits.Length} digits, at most {MaxPrecision} allowed";
            return false;
        }

        if (significantInt.IsEmpty && !fracDigits.ContainsAnyExcept((byte)'0'))
        {
            negative = false;
        }

        var builder = new StringBuilder(significantInt.Length + fracDigits.Length + 3);
        if (negative)
        {
            builder.Append('-');
        }

        if (significantInt.IsEmpty)
        {
            builder.Append('0');
        }
        else
        {
            builder.Append(Encoding.ASCII.GetString(significantInt));
        }

        if (!fracDigits.IsEmpty)
        {
            builder.Append('.').Append(Encoding.ASCII.GetString(fracDigits));
        }

        value = new MySqlDecimal(builder.ToString(), fracDigits.Length, precision, negative);
        error = string.Empty;
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "...");
}
