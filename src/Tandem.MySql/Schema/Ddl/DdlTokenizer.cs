using System.Text;

namespace Tandem.MySql.Schema.Ddl;

/// <summary>
/// Splits a statement as the user typed it into tokens. Comments are dropped, but the body of a versioned
/// comment (<c>/*!50100 ... */</c>, MariaDB's <c>/*M!100100 ... */</c>) counts, as the server executes it
/// (https://dev.mysql.com/doc/refman/8.4/en/comments.html). Strings follow the session's sql_mode: backslash
/// escapes unless NO_BACKSLASH_ESCAPES, doubled quotes; "x" is a string unless ANSI_QUOTES makes it an identifier.
/// </summary>
internal static class DdlTokenizer
{
    public static List<DdlToken> Tokenize(string sql, DdlSqlMode mode = default)
    {
        var tokens = new List<DdlToken>();
        var i = 0;
        var inVersioned = false;
        while (true)
        {
            i = SkipTrivia(sql, i, ref inVersioned);
            if (i >= sql.Length)
                break;

            var c = sql[i];
            if (c == '`' || (c == '"' && mode.AnsiQuotes))
                i = ReadQuotedIdentifier(sql, i, tokens);
            else if (c is '\'' or '"')
                i = ReadString(sql, i, tokens, mode.NoBackslashEscapes);
            else if (IsWordChar(c))
                i = ReadWordOrNumber(sql, i, tokens);
            else if (c == '.' && i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1]) && PreviousIsNotName(tokens))
                i = ReadWordOrNumber(sql, i, tokens);
            else
            {
                tokens.Add(new DdlToken(DdlTokenKind.Symbol, c.ToString(), i));
                i++;
            }
        }

        tokens.Add(new DdlToken(DdlTokenKind.End, "", sql.Length));
        return tokens;
    }

    private static bool PreviousIsNotName(List<DdlToken> tokens) => tokens.Count == 0 || !tokens[^1].IsName;

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c > '\u007f';

    private static int SkipTrivia(string sql, int i, ref bool inVersioned)
    {
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                i = SkipLine(sql, i);
            }
            else if (c == '-' && At(sql, i + 1) == '-' && (i + 2 >= sql.Length || char.IsWhiteSpace(sql[i + 2]) || char.IsControl(sql[i + 2])))
            {
                // "--" starts a comment only when followed by whitespace or a control character.
                i = SkipLine(sql, i);
            }
            else if (c == '*' && At(sql, i + 1) == '/' && inVersioned)
            {
                inVersioned = false;
                i += 2;
            }
            else if (c == '/' && At(sql, i + 1) == '*')
            {
                if (At(sql, i + 2) == '!' || (At(sql, i + 2) == 'M' && At(sql, i + 3) == '!'))
                {
                    // Versioned comment: the body is SQL. Skip the marker and the version number.
                    i += At(sql, i + 2) == '!' ? 3 : 4;
                    while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                        i++;
                    inVersioned = true;
                }
                else
                {
                    var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0)
                        throw new DdlParseException("unterminated /* comment", i);
                    i = end + 2;
                }
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static char At(string sql, int i) => i < sql.Length ? sql[i] : '\0';

    private static int SkipLine(string sql, int i)
    {
        var end = sql.IndexOf('\n', i);
        return end < 0 ? sql.Length : end + 1;
    }

    private static int ReadQuotedIdentifier(string sql, int start, List<DdlToken> tokens)
    {
        var quote = sql[start];
        var text = new StringBuilder();
        var i = start + 1;
        while (true)
        {
            if (i >= sql.Length)
                throw new DdlParseException("unterminated quoted identifier", start);
            if (sql[i] == quote)
            {
                if (At(sql, i + 1) == quote)
                {
                    text.Append(quote);
                    i += 2;
                    continue;
                }

                tokens.Add(new DdlToken(DdlTokenKind.QuotedIdentifier, text.ToString(), start));
                return i + 1;
            }

            text.Append(sql[i]);
            i++;
        }
    }

    private static int ReadString(string sql, int start, List<DdlToken> tokens, bool noBackslashEscapes)
    {
        var quote = sql[start];
        var text = new StringBuilder();
        var i = start + 1;
        while (true)
        {
            if (i >= sql.Length)
                throw new DdlParseException("unterminated string literal", start);
            var c = sql[i];
            if (c == quote)
            {
                if (At(sql, i + 1) == quote)
                {
                    text.Append(quote);
                    i += 2;
                    continue;
                }

                tokens.Add(new DdlToken(DdlTokenKind.String, text.ToString(), start));
                return i + 1;
            }

            if (c == '\\' && !noBackslashEscapes && i + 1 < sql.Length)
            {
                // Escapes per https://dev.mysql.com/doc/refman/8.4/en/string-literals.html; \% and \_ keep the backslash.
                var next = sql[i + 1];
                text.Append(next switch
                {
                    '0' => "\0",
                    'b' => "\b",
                    'n' => "\n",
                    'r' => "\r",
                    't' => "\t",
                    'Z' => "\u001a",
                    '%' => "\\%",
                    '_' => "\\_",
                    _ => next.ToString(),
                });
                i += 2;
                continue;
            }

            text.Append(c);
            i++;
        }
    }

    private static int ReadWordOrNumber(string sql, int start, List<DdlToken> tokens)
    {
        // A number: digits, an optional fraction and exponent, not followed by a word character
        // (identifiers may begin with a digit: 1abc is a name).
        var i = start;
        while (i < sql.Length && char.IsAsciiDigit(sql[i]))
            i++;
        if (At(sql, i) == '.' && (i + 1 >= sql.Length || !IsWordChar(sql[i + 1]) || char.IsAsciiDigit(sql[i + 1])) && (i > start || char.IsAsciiDigit(At(sql, i + 1))))
        {
            i++;
            while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                i++;
        }

        if (i > start && (At(sql, i) is 'e' or 'E') && (char.IsAsciiDigit(At(sql, i + 1)) || (At(sql, i + 1) is '+' or '-' && char.IsAsciiDigit(At(sql, i + 2)))))
        {
            i += 2;
            while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                i++;
        }

        if (i > start && (i >= sql.Length || !IsWordChar(sql[i])))
        {
            tokens.Add(new DdlToken(DdlTokenKind.Number, sql[start..i], start));
            return i;
        }

        i = start;
        while (i < sql.Length && IsWordChar(sql[i]))
            i++;
        tokens.Add(new DdlToken(DdlTokenKind.Word, sql[start..i], start));
        return i;
    }
}
