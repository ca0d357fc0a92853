namespace Tandem.MySql.Binlog.Capture;

/// <summary>Sorts a QUERY event's statement by its leading keywords, skipping comments a client may put first.</summary>
internal static class StatementClassifier
{
    public static StatementKind Classify(string sql)
    {
        var rest = SkipNoise(sql.AsSpan());
        var first = Word(ref rest);
        if (first.Equals("BEGIN", StringComparison.OrdinalIgnoreCase))
            return StatementKind.Begin;
        if (first.Equals("COMMIT", StringComparison.OrdinalIgnoreCase))
            return StatementKind.Commit;
        if (first.Equals("SAVEPOINT", StringComparison.OrdinalIgnoreCase) || first.Equals("RELEASE", StringComparison.OrdinalIgnoreCase))
            return StatementKind.Savepoint;
        if (first.Equals("ROLLBACK", StringComparison.OrdinalIgnoreCase))
        {
            var second = Word(ref rest);
            return second.Equals("TO", StringComparison.OrdinalIgnoreCase) ? StatementKind.Savepoint : StatementKind.Rollback;
        }

        if (first.Equals("XA", StringComparison.OrdinalIgnoreCase))
            return StatementKind.Xa;

        foreach (var dml in (ReadOnlySpan<string>)["INSERT", "UPDATE", "DELETE", "REPLACE", "LOAD"])
        {
            if (first.Equals(dml, StringComparison.OrdinalIgnoreCase))
                return StatementKind.Dml;
        }

        return StatementKind.Other;
    }

    /// <summary>The statement starts with CREATE (after comments and whitespace).</summary>
    public static bool IsCreate(string sql)
    {
        var rest = SkipNoise(sql.AsSpan());
        return Word(ref rest).Equals("CREATE", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>CREATE [OR REPLACE] SEQUENCE, ALTER SEQUENCE, DROP SEQUENCE: MariaDB's sequence DDL, which Tandem does not replicate.</summary>
    public static bool IsSequenceDdl(string sql)
    {
        var rest = SkipNoise(sql.AsSpan());
        var first = Word(ref rest);
        if (!first.Equals("CREATE", StringComparison.OrdinalIgnoreCase) && !first.Equals("ALTER", StringComparison.OrdinalIgnoreCase) && !first.Equals("DROP", StringComparison.OrdinalIgnoreCase))
            return false;
        var next = Word(ref rest);
        if (first.Equals("CREATE", StringComparison.OrdinalIgnoreCase) && next.Equals("OR", StringComparison.OrdinalIgnoreCase))
        {
            Word(ref rest);
            next = Word(ref rest);
        }

        return next.Equals("SEQUENCE", StringComparison.OrdinalIgnoreCase);
    }

    private static ReadOnlySpan<char> Word(ref ReadOnlySpan<char> text)
    {
        text = SkipNoise(text);
        var end = 0;
        while (end < text.Length && (char.IsAsciiLetter(text[end]) || text[end] == '_'))
            end++;
        var word = text[..end];
        text = text[end..];
        return word;
    }

    private static ReadOnlySpan<char> SkipNoise(ReadOnlySpan<char> text)
    {
        while (true)
        {
            text = text.TrimStart();
            if (text.StartsWith("/*") && !text.StartsWith("/*!"))
            {
                var end = text.IndexOf("*/");
                text = end < 0 ? [] : text[(end + 2)..];
            }
            else if (text.StartsWith("/*!"))
            {
                // Versioned comment: its content counts; skip the marker and version digits.
                text = text[3..];
                while (!text.IsEmpty && char.IsAsciiDigit(text[0]))
                    text = text[1..];
            }
            else if (text.StartsWith("#") || text.StartsWith("-- "))
            {
                var end = text.IndexOf('\n');
                text = end < 0 ? [] : text[(end + 1)..];
            }
            else
            {
                return text;
            }
        }
    }
}
