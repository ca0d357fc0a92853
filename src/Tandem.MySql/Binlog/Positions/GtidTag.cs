namespace Tandem.MySql.Binlog.Positions;

/// <summary>
/// The tag of a tagged GTID (MySQL 8.3+, WL#15294): 1 to 32 characters, a letter or underscore first, then letters,
/// digits or underscores. Tags are case-insensitive; MySQL stores and prints them lower-case (libs/mysql/gtid/tag.cpp).
/// The empty string stands for "untagged".
/// </summary>
internal static class GtidTag
{
    public const int MaxLength = 32;

    public const string ExpectedForm = "a GTID tag is 1 to 32 characters [a-z_][a-z0-9_]*, e.g. 3e11fa47-71ca-11e1-9e33-c80aa9429562:batch_1:1-5";

    /// <summary>Lower-cases a valid tag; null and "" mean untagged and become "".</summary>
    public static string Normalize(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return string.Empty;
        }

        if (!IsValid(tag))
        {
            throw new BinlogPositionFormatException($"'{tag}' is not a valid GTID tag", ExpectedForm, tag);
        }

        return IsLowerCase(tag) ? tag : tag.ToLowerInvariant();
    }

    public static bool IsValid(ReadOnlySpan<char> tag)
    {
        if (tag.Length is 0 or > MaxLength || !IsStart(tag[0]))
        {
            return false;
        }

        foreach (var c in tag[1..])
        {
            if (!IsPart(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsLowerCase(string tag)
    {
        foreach (var c in tag)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }
}
