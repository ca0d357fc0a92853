using System.Globalization;
using System.Text;

namespace Tandem.Core.Text;

/// <summary>
/// Names, values and statements from servers and users made safe to print on one line of a log, a status line, an
/// error, tail's text output or a comment in generated SQL. Every identifier MySQL and MariaDB allow may hold any
/// character but NUL (https://mariadb.com/kb/en/identifier-names/), so a table named <c>a\nDROP DATABASE x</c> must
/// not start a line of its own and a name holding ESC must not reach a terminal as an escape sequence. Control
/// characters (C0, DEL, C1 with NEL), the Unicode line and paragraph separators, and the bidirectional controls that can
/// reorder what a reader sees are written as <c>\n</c>, <c>\r</c>, <c>\t</c> or <c>\u{XXXX}</c>; everything else is
/// kept. Meant for reading, not for parsing back: a backslash is not doubled.
/// </summary>
public static class PrintableText
{
    /// <summary><paramref name="text"/> with every character that could break or disguise a line escaped.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !NeedsEscape(text))
            return text ?? string.Empty;

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!IsUnsafe(c))
            {
                builder.Append(c);
                continue;
            }

            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => string.Create(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}"),
            });
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="text"/> holds a character <see cref="Escape"/> would rewrite.</summary>
    public static bool NeedsEscape(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (IsUnsafe(c))
                return true;
        }

        return false;
    }

    /// <summary>True for a character <see cref="Escape"/> rewrites: one that could break, hide or reorder a line.</summary>
    public static bool IsUnsafe(char c) =>
        char.IsControl(c)
        || c is '\u2028' or '\u2029'
        // Bidirectional marks, embeddings, overrides and isolates (Unicode TR9).
        || c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
