using System.Globalization;
using System.Text;
using Tandem.Core.Text;

namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// Builds SQL literals and identifiers for text statements.
/// See https://dev.mysql.com/doc/refman/8.4/en/string-literals.html and https://dev.mysql.com/doc/refman/8.4/en/identifiers.html.
/// </summary>
/// <remarks>
/// No escaping is correct both with and without the NO_BACKSLASH_ESCAPES SQL mode: with it, a backslash is an ordinary character,
/// so a doubled one would insert two. <see cref="Quote"/> doubles quotes and backslashes, which is correct only when
/// NO_BACKSLASH_ESCAPES is off; Tandem's sessions set sql_mode so that it is. Other bytes (NUL, newlines, Ctrl-Z) are legal inside
/// a quoted literal as they are. Statements are sent as UTF-8 (utf8mb4), so no multi-byte character can hide a quote or backslash.
/// </remarks>
public static class SqlLiteral
{
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('\'');
        foreach (var c in value)
        {
            if (c is '\'' or '\\')
            {
                builder.Append(c);
            }

            builder.Append(c);
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>A backtick-quoted identifier with backticks doubled; identifiers cannot be empty or contain NUL.</summary>
    public static string QuoteIdentifier(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (identifier.Length == 0 || identifier.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{identifier.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a valid MySQL identifier: it is empty or contains NUL", nameof(identifier));
        }

        return string.Concat("`", identifier.Replace("`", "``", StringComparison.Ordinal), "`");
    }

    /// <summary>
    /// A <c>-- </c> comment line carrying <paramref name="text"/> (names, values, URIs: anything), which the server and
    /// every client read as one comment: line breaks and other control characters are escaped
    /// (<see cref="PrintableText"/>), so nothing in the text can end the comment and start a statement; <c>/*</c> and
    /// <c>*/</c> are broken up too, so the text is also safe inside a block comment
    /// (https://mariadb.com/kb/en/comment-syntax/). The only way Tandem puts text into SQL comments.
    /// </summary>
    public static string LineComment(string text) => "-- " + CommentText(text);

    /// <summary>The text of <see cref="LineComment"/>, without the leading <c>-- </c>.</summary>
    public static string CommentText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PrintableText.Escape(text).Replace("*/", "*\\/", StringComparison.Ordinal).Replace("/*", "/\\*", StringComparison.Ordinal);
    }

    /// <summary>A SQL literal for any value <see cref="BinaryParameterEncoder"/> accepts, and for <see cref="MySqlGeometry"/>.</summary>
    public static string Format(object? value) => value switch
    {
        null or DBNull => "NULL",
        bool b => b ? "1" : "0",
        sbyte or byte or short or ushort or int or uint or long or ulong => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        Enum e => Format(Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture)),
        float f => FormatFloat(f, f.ToString("R", CultureInfo.InvariantCulture), float.IsFinite(f)),
        double d => FormatFloat(d, d.ToString("R", CultureInfo.InvariantCulture), double.IsFinite(d)),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        MySqlDecimal m => m.ToString(),
        string s => Quote(s),
        Guid g => Quote(g.ToString("D")),
        byte[] bytes => FormatBytes(bytes),
        ReadOnlyMemory<byte> bytes => FormatBytes(bytes.Span),
        Memory<byte> bytes => FormatBytes(bytes.Span),
        MySqlDateTime dt => Quote(dt.ToString()),
        MySqlTime t => Quote(t.ToString()),
        DateTime dt => Quote(MySqlDateTime.FromDateTime(dt, MySqlDateTimeKind.DateTime, 6).ToString()),
        DateOnly d => Quote(new MySqlDateTime(d.Year, d.Month, d.Day).ToString()),
        TimeSpan ts => Quote(MySqlTime.FromTimeSpan(ts, 6).ToString()),
        TimeOnly t => Quote(MySqlTime.FromTimeSpan(t.ToTimeSpan(), 6).ToString()),
        // The WKB is passed as the server stores it; for geographic SRIDs MySQL 8+ reads WKB in the SRS's axis order.
        MySqlGeometry g => string.Create(CultureInfo.InvariantCulture, $"ST_GeomFromWKB({FormatBytes(g.Wkb)}, {g.Srid})"),
        _ => throw new ArgumentException($"cannot format a value of .NET type {value.GetType().FullName} as a MySQL literal", nameof(value)),
    };

    private static string FormatFloat(object value, string roundTrip, bool finite)
    {
        if (!finite)
        {
            throw new ArgumentException($"{value} has no MySQL literal: MySQL has no NaN or infinity", nameof(value));
        }

        // Without an exponent MySQL reads "0.1" as an exact DECIMAL literal; "0.1E0" is a DOUBLE, and "-0E0" keeps negative zero.
        return roundTrip.Contains('E', StringComparison.Ordinal) ? roundTrip : roundTrip + "E0";
    }

    private static string FormatBytes(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? "''" : string.Concat("X'", Convert.ToHexString(bytes), "'");
}
