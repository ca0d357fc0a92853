using System.Globalization;
using System.Text;

namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// A TIME value: a signed duration or time of day, -838:59:59.000000 to 838:59:59.000000 on the server, with fractional digits.
/// The binary protocol carries days and hours separately, so <see cref="Hours"/> may exceed 838; it is never split into days here.
/// See https://dev.mysql.com/doc/refman/8.4/en/time.html.
/// </summary>
/// <remarks>
/// Negative zero ("-00:00:00") is normalised to zero. Equality compares sign, every field and <see cref="FractionDigits"/>.
/// </remarks>
public readonly struct MySqlTime : IEquatable<MySqlTime>
{
    private readonly int _hours;
    private readonly int _microseconds;
    private readonly byte _minutes;
    private readonly byte _seconds;
    private readonly byte _fractionDigits;
    private readonly bool _negative;

    public MySqlTime(bool isNegative, int hours, int minutes, int seconds, int microseconds, int fractionDigits)
    {
        var error = Validate(hours, minutes, seconds, microseconds, fractionDigits);
        if (error is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(hours), error);
        }

        _negative = isNegative && (hours | minutes | seconds | microseconds) != 0;
        _hours = hours;
        _minutes = (byte)minutes;
        _seconds = (byte)seconds;
        _microseconds = microseconds;
        _fractionDigits = (byte)fractionDigits;
    }

    public bool IsNegative => _negative;

    public int Hours => _hours;

    public int Minutes => _minutes;

    public int Seconds => _seconds;

    /// <summary>0..999999, always a multiple of 10^(6 - <see cref="FractionDigits"/>).</summary>
    public int Microseconds => _microseconds;

    /// <summary>How many fractional-second digits the column shows (its fsp), 0..6.</summary>
    public int FractionDigits => _fractionDigits;

    /// <summary>Parses the server's text form "[-]hh:mm:ss[.f{1,6}]", with two or more hour digits.</summary>
    public static MySqlTime ParseText(ReadOnlySpan<byte> ascii)
    {
        if (TryParseText(ascii, out var value, out var error))
        {
            return value;
        }

        throw new MySqlProtocolException($"malformed TIME value '{ValueText.Describe(ascii)}': {error}");
    }

    /// <summary>Converts a duration, truncating below the chosen precision (the server would round).</summary>
    public static MySqlTime FromTimeSpan(TimeSpan value, int fractionDigits)
    {
        if (fractionDigits is < 0 or > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(fractionDigits), fractionDigits, "fraction digits must be 0..6");
        }

        var negative = value.Ticks < 0;
        // Negating TimeSpan.MinValue's ticks would overflow a long, so take the magnitude as unsigned.
        var ticks = negative ? (ulong)(-(value.Ticks + 1)) + 1 : (ulong)value.Ticks;
        var totalSeconds = ticks / TimeSpan.TicksPerSecond;
        var unit = AsciiDigits.Pow10(6 - fractionDigits);
        var microseconds = (int)(ticks % TimeSpan.TicksPerSecond / 10) / unit * unit;
        return new MySqlTime(negative, (int)(totalSeconds / 3600), (int)(totalSeconds / 60 % 60), (int)(totalSeconds % 60), microseconds, fractionDigits);
    }

    /// <exception cref="OverflowException">The hours exceed what <see cref="TimeSpan"/> holds (about 2.5 million).</exception>
    public TimeSpan ToTimeSpan()
    {
        var ticks = checked((((long)_hours * 3600) + (_minutes * 60) + _seconds) * TimeSpan.TicksPerSecond + (_microseconds * 10L));
        return new TimeSpan(_negative ? -ticks : ticks);
    }

    /// <summary>The server's text form, for example "-838:59:59.000000" or "25:00:00".</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(18);
        if (_negative)
        {
            builder.Append('-');
        }

        builder.Append(CultureInfo.InvariantCulture, $"{_hours:D2}:{_minutes:D2}:{_seconds:D2}");
        AsciiDigits.AppendFraction(builder, _microseconds, _fractionDigits);
        return builder.ToString();
    }

    public bool Equals(MySqlTime other) =>
        _negative == other._negative && _hours == other._hours && _minutes == other._minutes && _seconds == other._seconds &&
        _microseconds == other._microseconds && _fractionDigits == other._fractionDigits;

    public override bool Equals(object? obj) => obj is MySqlTime other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_negative, _hours, _minutes, _seconds, _microseconds, _fractionDigits);

    public static bool operator ==(MySqlTime left, MySqlTime right) => left.Equals(right);

    public static bool operator !=(MySqlTime left, MySqlTime right) => !left.Equals(right);

    /// <summary>Builds a value from protocol fields; out-of-range fields are a protocol error naming <paramref name="what"/>.</summary>
    internal static MySqlTime FromWire(bool isNegative, long hours, int minutes, int seconds, int microseconds, int fractionDigits, string what)
    {
        if (hours > int.MaxValue)
        {
            throw new MySqlProtocolException($"malformed {what}: {hours} hours is out of range");
        }

        var error = Validate((int)hours, minutes, seconds, microseconds, fractionDigits);
        return error is null
            ? new MySqlTime(isNegative, (int)hours, minutes, seconds, microseconds, fractionDigits)
            : throw new MySqlProtocolException($"malformed {what}: {error}");
    }

    private static bool TryParseText(ReadOnlySpan<byte> s, out MySqlTime value, out string error)
    {
        value = default;
        error = "expected [-]hh:mm:ss[.ffffff]";
        var negative = !s.IsEmpty && s[0] == (byte)'-';
        var rest = negative ? s[1..] : s;
        var colon = rest.IndexOf((byte)':');
        if (colon < 2 || rest.Length < colon + 6 || rest[colon + 3] != (byte)':' ||
            !AsciiDigits.TryParse(rest[..colon], out var hours) ||
            !AsciiDigits.TryParse(rest[(colon + 1)..(colon + 3)], out var minutes) ||
            !AsciiDigits.TryParse(rest[(colon + 4)..(colon + 6)], out var seconds))
        {
            return false;
        }

        var fraction = rest[(colon + 6)..];
        int microseconds = 0, fractionDigits = 0;
        if (!fraction.IsEmpty)
        {
            if (fraction[0] != (byte)'.' || !AsciiDigits.TryParseFraction(fraction[1..], out microseconds))
            {
                return false;
            }

            fractionDigits = fraction.Length - 1;
        }

        var invalid = Validate(hours, minutes, seconds, microseconds, fractionDigits);
        if (invalid is not null)
        {
            error = invalid;
            return false;
        }

        value = new MySqlTime(negative, hours, minutes, seconds, microseconds, fractionDigits);
        error = string.Empty;
        return true;
    }

    private static string? Validate(int hours, int minutes, int seconds, int microseconds, int fractionDigits)
    {
        if (hours < 0)
        {
            return $"hours {hours} is negative; use the sign instead";
        }

        if (minutes is < 0 or > 59)
        {
            return $"minutes {minutes} is outside 0..59";
        }

        if (seconds is < 0 or > 59)
        {
            return $"seconds {seconds} is outside 0..59";
        }

        if (fractionDigits is < 0 or > 6)
        {
            return $"fraction digits {fractionDigits} is outside 0..6";
        }

        if (microseconds is < 0 or > 999_999)
        {
            return $"microseconds {microseconds} is outside 0..999999";
        }

        return microseconds % AsciiDigits.Pow10(6 - fractionDigits) != 0
            ? $"microseconds {microseconds} has more precision than {fractionDigits} fractional digits"
            : null;
    }
}
