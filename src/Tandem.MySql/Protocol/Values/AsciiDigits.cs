namespace Tandem.MySql.Protocol.Values;

/// <summary>Parses the fixed-width ASCII digit fields of the server's temporal text forms.</summary>
internal static class AsciiDigits
{
    /// <summary>True when <paramref name="digits"/> is 1..9 ASCII digits; no sign, no spaces.</summary>
    public static bool TryParse(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    /// <summary>A fraction of 1..6 digits as microseconds ("5" is 500000).</summary>
    public static bool TryParseFraction(ReadOnlySpan<byte> digits, out int microseconds)
    {
        microseconds = 0;
        if (digits.Length is < 1 or > 6 || !TryParse(digits, out var value))
        {
            return false;
        }

        microseconds = value * Pow10(6 - digits.Length);
        return true;
    }

    public static int Pow10(int exponent)
    {
        var result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    /// <summary>The microseconds shown with <paramref name="fractionDigits"/> digits, e.g. ".123" for 123456 and 3.</summary>
    public static void AppendFraction(System.Text.StringBuilder builder, int microseconds, int fractionDigits)
    {
        if (fractionDigits == 0)
        {
            return;
        }

        builder.Append('.');
        builder.Append((microseconds / Pow10(6 - fractionDigits)).ToString("D" + fractionDigits.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
