using System.Buffers.Binary;
using System.Globalization;
using Tandem.MySql.Protocol.Values;

namespace Tandem.IntegrationTests.Fidelity;

/// <summary>
/// One exact text per value and <see cref="ValueKind"/>, made from MySqlConnector's values and from Tandem's, so the two
/// compare with string equality. A value of a .NET type a reader should not give for the kind becomes a text naming the
/// type, which equals nothing the other reader gives: a wrong type fails the comparison as a wrong value does.
/// </summary>
internal static class CanonicalValue
{
    public const string Null = "NULL";

    /// <summary>A value as MySqlConnector read it (<c>GetValue</c>, or <c>GetMySqlDecimal</c> for DECIMAL).</summary>
    public static string OfOracle(ValueKind kind, object? value) => (kind, value) switch
    {
        (_, null or DBNull) => Null,
        (ValueKind.Integer, sbyte or byte or short or ushort or int or uint or long or ulong) => Integer(value),
        (ValueKind.Float, float f) => Float(f),
        (ValueKind.Double, double d) => Double(d),
        (ValueKind.Decimal, MySqlConnector.MySqlDecimal m) => "decimal " + m.ToString(),
        (ValueKind.Date, MySqlConnector.MySqlDateTime t) => Date(t.Year, t.Month, t.Day),
        (ValueKind.DateTime, MySqlConnector.MySqlDateTime t) => DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, t.Microsecond),
        (ValueKind.Time, TimeSpan t) => Time(t),
        (ValueKind.Text or ValueKind.PluginText, string s) => Text(s),
        (ValueKind.PluginText, Guid g) => Text(g.ToString("D")),
        (ValueKind.Binary, byte[] b) => Binary(b),
        (ValueKind.Geometry, byte[] b) when b.Length >= 4 => Geometry(BinaryPrimitives.ReadUInt32LittleEndian(b), b.AsSpan(4)),
        _ => Unexpected(value),
    };

    /// <summary>A value as Tandem's client (<c>GetValue</c>) or its binlog decoder gave it.</summary>
    public static string OfTandem(ValueKind kind, object? value) => (kind, value) switch
    {
        (_, null) => Null,
        (ValueKind.Integer, sbyte or byte or short or ushort or int or uint or long or ulong) => Integer(value),
        (ValueKind.Float, float f) => Float(f),
        (ValueKind.Double, double d) => Double(d),
        (ValueKind.Decimal, MySqlDecimal m) => "decimal " + m.ToString(),
        (ValueKind.Date, MySqlDateTime t) when t.Kind == MySqlDateTimeKind.Date => Date(t.Year, t.Month, t.Day),
        (ValueKind.DateTime, MySqlDateTime t) when t.Kind != MySqlDateTimeKind.Date => DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, t.Microsecond),
        (ValueKind.Time, MySqlTime t) => Time(t.IsNegative, t.Hours, t.Minutes, t.Seconds, t.Microseconds),
        (ValueKind.Text or ValueKind.PluginText, string s) => Text(s),
        (ValueKind.Binary, byte[] b) => Binary(b),
        (ValueKind.Geometry, MySqlGeometry g) => Geometry(g.Srid, g.Wkb),
        _ => Unexpected(value),
    };

    private static string Integer(object value) => "integer " + Convert.ToString(value, CultureInfo.InvariantCulture);

    private static string Float(float f) =>
        $"float 0x{BitConverter.SingleToUInt32Bits(f):X8} ({f.ToString("R", CultureInfo.InvariantCulture)})";

    private static string Double(double d) =>
        $"double 0x{BitConverter.DoubleToUInt64Bits(d):X16} ({d.ToString("R", CultureInfo.InvariantCulture)})";

    private static string Date(int year, int month, int day) => Invariant($"date {year:0000}-{month:00}-{day:00}");

    private static string DateTime(int year, int month, int day, int hour, int minute, int second, int microsecond) =>
        Invariant($"datetime {year:0000}-{month:00}-{day:00} {hour:00}:{minute:00}:{second:00}.{microsecond:000000}");

    private static string Time(TimeSpan t)
    {
        var magnitude = t.Duration();
        return Time(t < TimeSpan.Zero, (int)(magnitude.Ticks / TimeSpan.TicksPerHour), magnitude.Minutes, magnitude.Seconds, (int)(magnitude.Ticks % TimeSpan.TicksPerSecond / 10));
    }

    private static string Time(bool negative, int hours, int minutes, int seconds, int microseconds) =>
        Invariant($"time {(negative ? "-" : "+")}{hours}:{minutes:00}:{seconds:00}.{microseconds:000000}");

    /// <summary>The text with every code point outside printable ASCII written as U+XXXX, so invisible differences show.</summary>
    private static string Text(string s)
    {
        var text = new System.Text.StringBuilder("text '");
        foreach (var rune in s.EnumerateRunes())
        {
            if (rune.Value is >= 0x20 and < 0x7F)
                text.Append((char)rune.Value);
            else
                text.Append(Invariant($"<U+{rune.Value:X4}>"));
        }

        return text.Append('\'').ToString();
    }

    private static string Binary(ReadOnlySpan<byte> b) => "binary 0x" + Convert.ToHexString(b);

    private static string Geometry(uint srid, ReadOnlySpan<byte> wkb) => Invariant($"geometry srid {srid} wkb 0x{Convert.ToHexString(wkb)}");

    private static string Unexpected(object? value) => $"unexpected {value?.GetType().FullName}: {Convert.ToString(value, CultureInfo.InvariantCulture)}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
