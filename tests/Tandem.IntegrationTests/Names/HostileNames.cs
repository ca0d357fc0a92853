namespace Tandem.IntegrationTests.Names;

/// <summary>
/// Table, column and database names that try to break out of wherever Tandem puts them: SQL text, comments in fix SQL,
/// log and status lines, tail's output. MariaDB allows every character in a quoted identifier but NUL (error 1102 and
/// 1166 for a name ending in a space: https://mariadb.com/kb/en/identifier-names/), so NUL and trailing spaces are out and
/// everything else is in: line breaks, quotes of every kind, backslashes, comment openers and closers, statement
/// separators, Unicode line separators and NEL, terminal escapes, bidirectional overrides, keywords, 64-character names.
/// </summary>
internal static class HostileNames
{
    /// <summary>Table names; <paramref name="victim"/> is the database they try to drop.</summary>
    public static IReadOnlyList<string> Tables(string victim) =>
    [
        $"a\nDROP DATABASE {victim};\n-- x",
        $"cr\rDROP DATABASE {victim}; --x",
        "back`tick``s",
        "single'quote",
        "double\"quote",
        "back\\slash\\",
        $"*/ DROP DATABASE {victim}; /*",
        $"/*! DROP DATABASE {victim} */",
        $"-- DROP DATABASE {victim}",
        "# hash",
        "semi;colon",
        "ls\u2028ps\u2029nel\u0085",
        "esc\u001b[31mred\u001b[0m",
        "ctrl\u0001\u007f\u009b",
        "\u202Ebidi",
        new string('ä', 64),
        "select",
        " leading space",
        "tab\there",
        "dot.in.name",
    ];

    /// <summary>Column names: the key column, a value column and a keyword column of every hostile table.</summary>
    public static readonly string KeyColumn = "k\n`'\"\\*/-- #;";

    public static readonly string ValueColumn = "v\r\u2028`;DROP TABLE x; /*";

    public static readonly string KeywordColumn = "from";

    /// <summary>A database name with a line break, a backtick, both quotes, a backslash and a comment opener.</summary>
    public static string Database(string unique) => $"h`'\"\\\n-- {unique}";

    /// <summary>String values with the same intent (and a NUL, which values may hold).</summary>
    public static IReadOnlyList<string> Values(string victim) =>
    [
        $"x'); DROP DATABASE {victim}; --",
        "line\nbreak\r\n\u2028\u0085",
        "back\\slash\\",
        "nul\0inside",
        "*/ /* -- # ;",
        "esc\u001b[2J",
    ];
}
