using System.Globalization;
using System.Text;

namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// A DATE, DATETIME or TIMESTAMP value exactly as the server holds it, including zero dates (0000-00-00) and
/// partially zero or invalid dates (2020-00-15, 2021-02-30 under ALLOW_INVALID_DATES) that <see cref="DateTime"/> cannot hold.
/// See https://dev.mysql.com/doc/refman/8.4/en/datetime.html and https://dev.mysql.com/doc/refman/8.4/en/date-and-time-type-syntax.html.
/// </summary>
/// <remarks>
/// Equality compares every field, <see cref="FractionDigits"/> and <see cref="Kind"/>: two values are equal when the server
/// would print the same text for the same column type.
/// </remarks>
public readonly struct MySqlDateTime : IEquatable<MySqlDateTime>
{
    private readonly int _microsecond;
    private readonly byte _month;
    private readonly byte _day;
    private readonly byte _hour;
    private readonly byte _minute;
    private readonly byte _second;
    private readonly byte _fractionDigits;
    private readonly short _year;

    public MySqlDateTime(int year, int month, int day, int hour, int minute, int second, int microsecond, int fractionDigits, MySqlDateTimeKind kind)
    {
        var error = Validate(year, month, day, hour, minute, second, microsecond, fractionDigits, kind);
        if (error is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(year), error);
        }

        _year = (short)year;
        _month = (byte)month;
        _day = (byte)day;
        _hour = (byte)hour;
        _minute = (byte)minute;
        _second = (byte)second;
        _microsecond = microsecond;
        _fractionDigits = (byte)fractionDigits;
        Kind = kind;
    }

    /// <summary>A date with no time part.</summary>
    public MySqlDateTime(int year, int month, int day)
        : this(year, month, day, 0, 0, 0, 0, 0, MySqlDateTimeKind.Date)
    {
    }

    public int Year => _year;

    public int Month => _month;

    public int Day => _day;

    public int Hour => _hour;

    public int Minute => _minute;

    public int Second => _second;

    /// <summary>0..999999, always a multiple of 10^(6 - <see cref="FractionDigits"/>).</summary>
    public int Microsecond => _microsecond;

    /// <summary>How many fractional-second digits the column shows (its fsp), 0..6.</summary>
    public int FractionDigits => _fractionDigits;

    public MySqlDateTimeKind Kind { get; }

    /// <summary>True for the all-zero value 0000-00-00 (00:00:00).</summary>
    public bool IsZero => _year == 0 && _month == 0 && _day == 0 && _hour == 0 && _minute == 0 && _second == 0 && _microsecond == 0;

    /// <summary>True when the date is a real calendar date that <see cref="DateTime"/> can hold (year 1..9999).</summary>
    public bool IsValidDate => _year >= 1 && _month is >= 1 and <= 12 && _day >= 1 && _day <= DateTime.DaysInMonth(_year, _month);

    /// <summary>Parses the server's text form: "YYYY-MM-DD" for a date, "YYYY-MM-DD hh:mm:ss[.f{1,6}]" otherwise.</summary>
    public static MySqlDateTime ParseText(ReadOnlySpan<byte> ascii, MySqlDateTimeKind kind)
    {
        if (TryParseText(ascii, kind, out var value, out var error))
        {
            return value;
        }

        throw new MySqlProtocolException($"malformed {KindName(kind)} value '{ValueText.Describe(ascii)}': {error}");
    }

    /// <summary>Takes the fields as they are (no time-zone conversion); a <see cref="MySqlDateTimeKind.Date"/> drops the time part.</summary>
    public static MySqlDateTime FromDateTime(DateTime value, MySqlDateTimeKind kind, int fractionDigits)
    {
        if (fractionDigits is < 0 or > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(fractionDigits), fractionDigits, "fraction digits must be 0..6");
        }

        if (kind == MySqlDateTimeKind.Date)
        {
            return new MySqlDateTime(value.Year, value.Month, value.Day);
        }

        // Truncate rather than round like the server would, so a value never moves to the next second or day.
        var unit = AsciiDigits.Pow10(6 - fractionDigits);
        var microsecond = (int)(value.Ticks % TimeSpan.TicksPerSecond / 10) / unit * unit;
        return new MySqlDateTime(value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second, microsecond, fractionDigits, kind);
    }

    /// <summary>The value as an unspecified-kind <see cref="DateTime"/>; the server sends no time zone.</summary>
    /// <exception cref="MySqlInvalidDateException">The value is a zero, partially zero or invalid date.</exception>
    public DateTime ToDateTime()
    {
        if (!IsValidDate)
        {
            throw new MySqlInvalidDateException(ToString());
        }

        return new DateTime(_year, _month, _day, _hour, _minute, _second, DateTimeKind.Unspecified).AddTicks(_microsecond * 10L);
    }

    public bool TryToDateTime(out DateTime value)
    {
        value = IsValidDate ? ToDateTime() : default;
        return IsValidDate;
    }

    /// <summary>The server's text form, with exactly <see cref="FractionDigits"/> fractional digits.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(26);
        builder.Append(CultureInfo.InvariantCulture, $"{_year:D4}-{_month:D2}-{_day:D2}");
        if (Kind != MySqlDateTimeKind.Date)
        {
            builder.Append(CultureInfo.InvariantCulture, $" {_hour:D2}:{_minute:D2}:{_second:D2}");
            AsciiDigits.AppendFraction(builder, _microsecond, _fractionDigits);
        }

        return builder.ToString();
    }

    public bool Equals(MySqlDateTime other) =>
        _year == other._year && _month == other._month && _day == other._day && _hour == other._hour && _minute == other._minute &&
        _second == other._second && _microsecond == other._microsecond && _fractionDigits == other._fractionDigits && Kind == other.Kind;

    public override bool Equals(object? obj) => obj is MySqlDateTime other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_year, _month, _day, _hour, _minute, _second, _microsecond, HashCode.Combine(_fractionDigits, Kind));

    public static bool operator ==(MySqlDateTime left, MySqlDateTime right) => left.Equals(right);

    public static bool operator !=(MySqlDateTime left, MySqlDateTime right) => !left.Equals(right);

    /// <summary>Builds a value from protocol fields; out-of-range fields are a protocol error naming <paramref name="what"/>.</summary>
    internal static MySqlDateTime FromWire(int year, int month, int day, int hour, int minute, int second, int microsecond, int fractionDigits, MySqlDateTimeKind kind, string what)
    {
        var error = Validate(year, month, day, hour, minute, second, microsecond, fractionDigits, kind);
        return error is null
            ? new MySqlDateTime(year, month, day, hour, minute, second, microsecond, fractionDigits, kind)
            : throw new MySqlProtocolException($"malformed {what}: {error}");
    }

    internal static string KindName(MySqlDateTimeKind kind) => kind switch
    {
        MySqlDateTimeKind.Date => "DATE",
        MySqlDateTimeKind.DateTime => "DATETIME",
        MySqlDateTimeKind.Timestamp => "TIMESTAMP",
        _ => kind.ToString(),
    };

    private static bool TryParseText(ReadOnlySpan<byte> s, MySqlDateTimeKind kind, out MySqlDateTime value, out string error)
    {
        value = default;
        if (kind is not (MySqlDateTimeKind.Date or MySqlDateTimeKind.DateTime or MySqlDateTimeKind.Timestamp))
        {
            error = $"unknown kind {kind}";
            return false;
        }

        var expected = kind == MySqlDateTimeKind.Date ? "YYYY-MM-DD" : "YYYY-MM-DD hh:mm:ss[.ffffff]";
        error = $"expected {expected}";
        if (s.Length < 10 || s[4] != (byte)'-' || s[7] != (byte)'-' ||
            !AsciiDigits.TryParse(s[..4], out var year) || !AsciiDigits.TryParse(s[5..7], out var month) || !AsciiDigits.TryParse(s[8..10], out var day))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0, microsecond = 0, fractionDigits = 0;
        if (kind == MySqlDateTimeKind.Date)
        {
            if (s.Length != 10)
            {
                return false;
            }
        }
        else
        {
            if (s.Length < 19 || s[10] != (byte)' ' || s[13] != (byte)':' || s[16] != (byte)':' ||
                !AsciiDigits.TryParse(s[11..13], out hour) || !AsciiDigits.TryParse(s[14..16], out minute) || !AsciiDigits.TryParse(s[17..19], out second))
            {
                return false;
            }

            if (s.Length > 19)
            {
                if (s[19] != (byte)'.' || !AsciiDigits.TryParseFraction(s[20..], out microsecond))
                {
                    return false;
                }

                fractionDigits = s.Length - 20;
            }
        }

        var invalid = Validate(year, month, day, hour, minute, second, microsecond, fractionDigits, kind);
        if (invalid is not null)
        {
            error = invalid;
            return false;
        }

        value = new MySqlDateTime(year, month, day, hour, minute, second, microsecond, fractionDigits, kind);
        error = string.Empty;
        return true;
    }

    private static string? Validate(int year, int month, int day, int hour, int minute, int second, int microsecond, int fractionDigits, MySqlDateTimeKind kind)
    {
        if (year is < 0 or > 9999)
        {
            return $"year {year} is outside 0..9999";
        }

        if (month is < 0 or > 12)
        {
            return $"month {month} is outside 0..12";
        }

        if (day is < 0 or > 31)
        {
            return $"day {day} is outside 0..31";
        }

        if (hour is < 0 or > 23)
        {
            return $"hour {hour} is outside 0..23";
        }

        if (minute is < 0 or > 59)
        {
            return $"minute {minute} is outside 0..59";
        }

        if (second is < 0 or > 59)
        {
            return $"second {second} is outside 0..59";
        }

        if (fractionDigits is < 0 or > 6)
        {
            return $"fraction digits {fractionDigits} is outside 0..6";
        }

        if (microsecond is < 0 or > 999_999)
        {
            return $"microsecond {microsecond} is outside 0..999999";
        }

        if (microsecond % AsciiDigits.Pow10(6 - fractionDigits) != 0)
        {
            return $"microsecond {microsecond} has more precision than {fractionDigits} fractional digits";
        }

        if (kind is not (MySqlDateTimeKind.Date or MySqlDateTimeKind.DateTime or MySqlDateTimeKind.Timestamp))
        {
            return $"unknown kind {kind}";
        }

        if (kind == MySqlDateTimeKind.Date && (hour != 0 || minute != 0 || second != 0 || microsecond != 0 || fractionDigits != 0))
        {
            return "a DATE has no time part";
        }

        return null;
    }
}
