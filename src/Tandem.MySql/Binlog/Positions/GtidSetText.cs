namespace Tandem.MySql.Binlog.Positions;

/// <summary>
/// Reads the textual GTID set MySQL prints and accepts (MySQL 8.4 manual, 19.1.3.1): comma-separated UUID sets, each a
/// UUID followed by <c>:interval</c> and, since 8.3, <c>:tag</c> items, a tag applying to the intervals after it.
/// Whitespace and newlines between parts are ignored, as are empty parts between commas, as the server does.
/// </summary>
internal static class GtidSetText
{
    public const string ExpectedForm =
        "a GTID set is uuid:interval[:interval...][,uuid:...] where an interval is N or N-M (1 <= N <= M) and a tag " +
        "(MySQL 8.3+) precedes its intervals, e.g. 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7:batch_1:1-3; the empty text is the empty set";

    private const int UuidTextMaxLength = 38;

    public static MySqlGtidSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new GtidSetBuilder();
        var pos = 0;
        SkipWhitespace(text, ref pos);
        while (pos < text.Length)
        {
            if (text[pos] == ',')
            {
                pos++;
                SkipWhitespace(text, ref pos);
                continue;
            }

            ParseUuidSet(text, ref pos, builder);
            SkipWhitespace(text, ref pos);
            if (pos < text.Length && text[pos] != ',')
            {
                throw Malformed(text, pos, "expected ',' before the next UUID, or the end of the set");
            }
        }

        return builder.Build();
    }

    private static void ParseUuidSet(string text, ref int pos, GtidSetBuilder builder)
    {
        var uuid = ParseUuid(text, ref pos);
        SkipWhitespace(text, ref pos);
        var tag = string.Empty;
        var tagStart = -1;
        var intervals = 0;
        while (pos < text.Length && text[pos] == ':')
        {
            pos++;
            SkipWhitespace(text, ref pos);
            if (pos < text.Length && GtidTag.IsStart(text[pos]))
            {
                if (tagStart >= 0)
                {
                    throw Malformed(text, tagStart, $"tag '{tag}' has no interval after it");
                }

                tagStart = pos;
                tag = ParseTag(text, ref pos);
            }
            else
            {
                var interval = ParseInterval(text, ref pos);
                builder.Add(uuid, tag, interval);
                tagStart = -1;
                intervals++;
            }

            SkipWhitespace(text, ref pos);
        }

        if (tagStart >= 0)
        {
            throw Malformed(text, tagStart, $"tag '{tag}' has no interval after it");
        }

        if (intervals == 0)
        {
            throw Malformed(text, pos, "expected ':' and a transaction interval after the UUID");
        }
    }

    private static UInt128 ParseUuid(string text, ref int pos)
    {
        var start = pos;
        while (pos < text.Length && pos - start <= UuidTextMaxLength && (char.IsAsciiHexDigit(text[pos]) || text[pos] is '-' or '{' or '}'))
        {
            pos++;
        }

        var token = text.AsSpan(start, pos - start);
        if (Guid.TryParseExact(token, "D", out var sid) || Guid.TryParseExact(token, "N", out sid) || Guid.TryParseExact(token, "B", out sid))
        {
            return MySqlGtidSet.ToUuid(sid);
        }

        throw Malformed(text, start, "expected a server UUID like 3e11fa47-71ca-11e1-9e33-c80aa9429562");
    }

    private static string ParseTag(string text, ref int pos)
    {
        var start = pos;
        while (pos < text.Length && GtidTag.IsPart(text[pos]))
        {
            pos++;
        }

        if (pos - start > GtidTag.MaxLength)
        {
            throw Malformed(text, start, $"a tag has at most {GtidTag.MaxLength} characters");
        }

        return text[start..pos].ToLowerInvariant();
    }

    private static GtidInterval ParseInterval(string text, ref int pos)
    {
        var first = ParseNumber(text, ref pos);
        SkipWhitespace(text, ref pos);
        if (pos >= text.Length || text[pos] != '-')
        {
            return new GtidInterval(first, first + 1);
        }

        pos++;
        SkipWhitespace(text, ref pos);
        var lastAt = pos;
        var last = ParseNumber(text, ref pos);
        if (last < first)
        {
            throw Malformed(text, lastAt, $"the interval {first}-{last} ends before it starts");
        }

        return new GtidInterval(first, last + 1);
    }

    private static long ParseNumber(string text, ref int pos)
    {
        var start = pos;
        long value = 0;
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            var digit = text[pos] - '0';
            if (value > (GtidIntervals.MaxGno - digit) / 10)
            {
                throw Malformed(text, start, $"transaction numbers go up to {GtidIntervals.MaxGno}");
            }

            value = (value * 10) + digit;
            pos++;
        }

        if (pos == start)
        {
            throw Malformed(text, start, "expected a transaction number or interval like 1-5, or a tag");
        }

        if (value == 0)
        {
            throw Malformed(text, start, "transaction numbers start at 1");
        }

        return value;
    }

    private static void SkipWhitespace(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos]))
        {
            pos++;
        }
    }

    private static BinlogPositionFormatException Malformed(string text, int pos, string problem)
    {
        const int Shown = 120;
        var shown = text.Length <= Shown ? text : text[..Shown] + "…";
        return new BinlogPositionFormatException(
            $"the GTID set '{shown}' is malformed at character {pos + 1}: {problem}", ExpectedForm, text);
    }
}
