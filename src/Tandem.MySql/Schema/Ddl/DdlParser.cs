using System.Globalization;

namespace Tandem.MySql.Schema.Ddl;

/// <summary>
/// A recursive-descent parser for the DDL a binlog QUERY event carries: whatever the user typed.
/// It understands what changes a table's columns and keys and skips the rest of each clause by grammar,
/// never by guessing: anything it does not know in a statement that may change a table raises
/// <see cref="DdlParseException"/>, and <see cref="NamedTables"/> says which tables it had seen by then.
/// Grammar: https://mariadb.com/kb/en/create-table/, https://mariadb.com/kb/en/alter-table/,
/// https://dev.mysql.com/doc/refman/8.4/en/create-table.html, .../alter-table.html.
/// </summary>
internal sealed partial class DdlParser
{
    private readonly List<DdlToken> _tokens;
    private int _pos;

    /// <summary>WITH SYSTEM VERSIONING was seen: MariaDB then adds hidden row_start/row_end columns the text does not name.</summary>
    private bool _systemVersioning;

    private DdlParser(string sql, DdlSqlMode mode = default)
    {
        _tokens = DdlTokenizer.Tokenize(sql, mode);
    }

    /// <summary>Tables the statement names that it may change, in the order seen (for Unparsed results).</summary>
    public List<TableRef> NamedTables { get; } = [];

    /// <summary>Parses one statement; throws <see cref="DdlParseException"/> with the tables seen so far in <paramref name="namedTables"/>.</summary>
    public static DdlStatement Parse(string sql, out IReadOnlyList<TableRef> namedTables) => Parse(sql, default, out namedTables);

    /// <summary>Parses one statement written under <paramref name="mode"/>.</summary>
    public static DdlStatement Parse(string sql, DdlSqlMode mode, out IReadOnlyList<TableRef> namedTables)
    {
        DdlParser? parser = null;
        try
        {
            parser = new DdlParser(sql, mode);
            var statement = parser.ParseStatement();
            namedTables = parser.NamedTables;
            return statement;
        }
        catch (DdlParseException)
        {
            namedTables = parser?.NamedTables ?? [];
            throw;
        }
    }

    /// <summary>Parses a COLUMN_TYPE as information_schema prints it ("int(10) unsigned", "enum('a','b')").</summary>
    public static ParsedType ParseColumnType(string columnType)
    {
        var parser = new DdlParser(columnType);
        var type = parser.ParseType();
        if (!parser.AtEnd)
            throw parser.Error("the end of the column type");
        return type;
    }

    private DdlStatement ParseStatement()
    {
        var statement = ParseStatementBody();
        if (statement is not IgnoredStatement)
        {
            AcceptSymbol(";");
            if (Peek().Kind != DdlTokenKind.End)
                throw Error("the end of the statement");
        }

        return statement;
    }

    private DdlStatement ParseStatementBody()
    {
        var first = Peek();
        if (first.Kind == DdlTokenKind.End || first.IsSymbol(";"))
            return new IgnoredStatement("an empty statement");
        if (first.Kind != DdlTokenKind.Word)
        {
            if (first.IsSymbol("("))
                return new IgnoredStatement("a parenthesised query");
            throw Error("a statement");
        }

        var word = first.Text.ToUpperInvariant();
        switch (word)
        {
            case "CREATE":
                Next();
                return ParseCreate();
            case "ALTER":
                Next();
                return ParseAlter();
            case "DROP":
                Next();
                return ParseDrop();
            case "RENAME":
                Next();
                return ParseRename();
            case "TRUNCATE":
                Next();
                Accept("TABLE");
                var table = ParseTableName();
                SkipWait();
                return new TruncateTableStatement(table);
            default:
                if (DdlKeywords.IgnoredStatements.Contains(word))
                    return new IgnoredStatement(word);
                throw Error("a statement Tandem knows");
        }
    }

    // ---- cursor ----

    private DdlToken Peek(int ahead = 0) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];

    private DdlToken Next()
    {
        var token = Peek();
        if (token.Kind == DdlTokenKind.End)
            throw Error("more text");
        _pos++;
        return token;
    }

    private bool AtEnd => Peek().Kind == DdlTokenKind.End || Peek().IsSymbol(";");

    private bool Accept(string word)
    {
        if (!Peek().IsWord(word))
            return false;
        _pos++;
        return true;
    }

    private bool AcceptSymbol(string symbol)
    {
        if (!Peek().IsSymbol(symbol))
            return false;
        _pos++;
        return true;
    }

    private void Expect(string word)
    {
        if (!Accept(word))
            throw Error(word);
    }

    private void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol))
            throw Error($"'{symbol}'");
    }

    private bool AcceptIfExists()
    {
        if (!Peek().IsWord("IF") || !Peek(1).IsWord("EXISTS"))
            return false;
        _pos += 2;
        return true;
    }

    private bool AcceptIfNotExists()
    {
        if (!Peek().IsWord("IF") || !Peek(1).IsWord("NOT") || !Peek(2).IsWord("EXISTS"))
            return false;
        _pos += 3;
        return true;
    }

    private DdlParseException Error(string expected)
    {
        var token = Peek();
        return new DdlParseException($"expected {expected} but found {token} at offset {token.Offset}", token.Offset);
    }

    private string ParseName()
    {
        var token = Peek();
        if (!token.IsName)
            throw Error("a name");
        _pos++;
        return token.Text;
    }

    /// <summary>[db.]name; registers the table as one the statement may change unless <paramref name="register"/> is false.</summary>
    private TableRef ParseTableName(bool register = true)
    {
        var name = ParseName();
        TableRef table;
        if (AcceptSymbol("."))
            table = new TableRef(name, ParseName());
        else
            table = new TableRef(null, name);
        if (register)
            NamedTables.Add(table);
        return table;
    }

    private int ParseInt()
    {
        var token = Peek();
        if (token.Kind != DdlTokenKind.Number || !int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw Error("a whole number");
        _pos++;
        return value;
    }

    /// <summary>A charset or collation name: a word, `name` or 'name'; lower-cased as the server reports it.</summary>
    private string ParseCharsetName()
    {
        var token = Peek();
        if (!token.IsName && token.Kind != DdlTokenKind.String)
            throw Error("a character set or collation name");
        _pos++;
        return token.Text.ToLowerInvariant();
    }

    /// <summary>Skips a parenthesised group, nested groups included; the cursor must be on '('.</summary>
    private void SkipBalanced()
    {
        ExpectSymbol("(");
        var depth = 1;
        while (depth > 0)
        {
            var token = Next();
            if (token.IsSymbol("("))
                depth++;
            else if (token.IsSymbol(")"))
                depth--;
        }
    }

    /// <summary>Skips to the next ',' or ')' outside parentheses, or the end: the rest of a clause Tandem does not need.</summary>
    private void SkipToClauseEnd()
    {
        while (!AtEnd && !Peek().IsSymbol(",") && !Peek().IsSymbol(")"))
        {
            if (Peek().IsSymbol("("))
                SkipBalanced();
            else
                Next();
        }
    }

    /// <summary>WAIT n | NOWAIT (MariaDB lock-wait options on DDL).</summary>
    private void SkipWait()
    {
        if (Accept("WAIT"))
            Next();
        else
            Accept("NOWAIT");
    }
}
