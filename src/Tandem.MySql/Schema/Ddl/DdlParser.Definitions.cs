using Tandem.Core.Model;

namespace Tandem.MySql.Schema.Ddl;

/// <summary>Column and key definitions, shared by CREATE TABLE and ALTER TABLE ADD.</summary>
internal sealed partial class DdlParser
{
    /// <summary>'(' definition, ... ')' into columns, keys and json_valid checks.</summary>
    private void ParseDefinitionList(List<ColumnDefinition> columns, List<IndexDefinition> indexes, List<string> jsonChecks)
    {
        ExpectSymbol("(");
        do
        {
            ParseDefinition(columns, indexes, jsonChecks);
        }
        while (AcceptSymbol(","));
        ExpectSymbol(")");
    }

    private void ParseDefinition(List<ColumnDefinition> columns, List<IndexDefinition> indexes, List<string> jsonChecks)
    {
        var token = Peek();
        if (token.Kind == DdlTokenKind.Word && DdlKeywords.KeyDefinitionStarts.Contains(token.Text))
        {
            ParseKeyDefinition(indexes, jsonChecks);
            return;
        }

        if (token.IsWord("PERIOD") && Peek(1).IsWord("FOR"))
        {
            // MariaDB application-time period: names existing columns, adds none.
            SkipToClauseEnd();
            return;
        }

        columns.Add(ParseColumnDefinition(ParseName()));
    }

    private void ParseKeyDefinition(List<IndexDefinition> indexes, List<string> jsonChecks)
    {
        string? symbol = null;
        if (Accept("CONSTRAINT") && !Peek().IsWord("PRIMARY") && !Peek().IsWord("UNIQUE") && !Peek().IsWord("FOREIGN") && !Peek().IsWord("CHECK"))
            symbol = ParseName();

        if (Accept("PRIMARY"))
        {
            Expect("KEY");
            indexes.Add(ParseIndexTail(IndexKind.Primary, symbol));
        }
        else if (Accept("UNIQUE"))
        {
            _ = Accept("INDEX") || Accept("KEY");
            indexes.Add(ParseIndexTail(IndexKind.Unique, symbol));
        }
        else if (Accept("INDEX") || Accept("KEY"))
        {
            indexes.Add(ParseIndexTail(IndexKind.Plain, symbol));
        }
        else if (Accept("FULLTEXT") || Accept("SPATIAL"))
        {
            var kind = _tokens[_pos - 1].IsWord("FULLTEXT") ? IndexKind.Fulltext : IndexKind.Spatial;
            _ = Accept("INDEX") || Accept("KEY");
            indexes.Add(ParseIndexTail(kind, symbol));
        }
        else if (Accept("FOREIGN"))
        {
            Expect("KEY");
            var ifNotExists = AcceptIfNotExists();
            string? name = Peek().IsSymbol("(") ? null : ParseName();
            var (columns, _) = ParseIndexColumns();
            Expect("REFERENCES");
            SkipReferences();
            indexes.Add(new IndexDefinition { Kind = IndexKind.Foreign, Name = name, ConstraintName = symbol, Columns = columns, IfNotExists = ifNotExists });
        }
        else if (Accept("CHECK"))
        {
            if (ParseCheck() is { } jsonColumn)
                jsonChecks.Add(jsonColumn);
        }
        else
        {
            throw Error("PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK");
        }
    }

    /// <summary>[IF NOT EXISTS] [name] [USING type] (columns) [options], after the key words.</summary>
    private IndexDefinition ParseIndexTail(IndexKind kind, string? symbol)
    {
        var ifNotExists = AcceptIfNotExists();
        string? name = null;
        if (Peek().IsName && !Peek().IsWord("USING") && !Peek().IsWord("TYPE"))
            name = ParseName();
        if (Accept("USING") || Accept("TYPE"))
            Next();
        var (columns, prefixes) = ParseIndexColumns();
        SkipToClauseEnd();

        // A UNIQUE key without its own name takes the CONSTRAINT symbol's; a primary key is always PRIMARY.
        if (kind == IndexKind.Primary)
            name = "PRIMARY";
        else if (name is null && kind == IndexKind.Unique)
            name = symbol;
        return new IndexDefinition { Kind = kind, Name = name, ConstraintName = symbol, Columns = columns, PrefixLengths = prefixes, IfNotExists = ifNotExists };
    }

    /// <summary>
    /// (col [(prefix)] [ASC|DESC], ...): the column names and their prefix lengths (0: the whole column; an empty list when
    /// no column has one); functional parts ((expr)) are left out of the list.
    /// </summary>
    private (List<string> Columns, IReadOnlyList<int> PrefixLengths) ParseIndexColumns()
    {
        var columns = new List<string>();
        var prefixes = new List<int>();
        ExpectSymbol("(");
        do
        {
            if (Peek().IsSymbol("("))
            {
                SkipBalanced();
            }
            else
            {
                columns.Add(ParseName());
                var prefix = 0;
                if (AcceptSymbol("("))
                {
                    prefix = ParseInt();
                    ExpectSymbol(")");
                }

                prefixes.Add(prefix);
            }

            _ = Accept("ASC") || Accept("DESC");
        }
        while (AcceptSymbol(","));
        ExpectSymbol(")");
        return (columns, IndexSchema.Prefixes(prefixes));
    }

    /// <summary>REFERENCES t [(cols)] [MATCH x] [ON DELETE|UPDATE action]...</summary>
    private void SkipReferences()
    {
        ParseTableName(register: false);
        if (Peek().IsSymbol("("))
            SkipBalanced();
        while (true)
        {
            if (Accept("MATCH"))
            {
                Next();
            }
            else if (Peek().IsWord("ON") && (Peek(1).IsWord("DELETE") || Peek(1).IsWord("UPDATE")))
            {
                _pos += 2;
                if (Accept("SET") || Accept("NO"))
                    Next();
                else if (!Accept("RESTRICT") && !Accept("CASCADE"))
                    throw Error("a referential action");
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>CHECK (expr) [[NOT] ENFORCED], after CHECK; returns the column when expr is exactly json_valid(column).</summary>
    private string? ParseCheck()
    {
        string? jsonColumn = null;
        if (Peek().IsSymbol("(") && Peek(1).IsWord("json_valid") && Peek(2).IsSymbol("(") && Peek(3).IsName
            && Peek(4).IsSymbol(")") && Peek(5).IsSymbol(")"))
        {
            jsonColumn = Peek(3).Text;
        }

        SkipBalanced();
        if (Peek().IsWord("NOT") && Peek(1).IsWord("ENFORCED"))
            _pos += 2;
        else
            Accept("ENFORCED");
        return jsonColumn;
    }

    /// <summary>A DEFAULT or ON UPDATE value: a literal, a function call, or a parenthesised expression.</summary>
    private void SkipValueExpression()
    {
        if (Peek().IsSymbol("("))
        {
            SkipBalanced();
            return;
        }

        if (Peek().IsSymbol("-") || Peek().IsSymbol("+"))
            Next();
        var token = Next();
        if (token.Kind == DdlTokenKind.Word)
        {
            if (Peek().Kind == DdlTokenKind.String)
            {
                Next(); // _utf8mb4'x', N'x', X'0A', b'101'
            }
            else if (Peek().IsSymbol("("))
            {
                SkipBalanced(); // now(), current_timestamp(6)
            }
            else if ((token.IsWord("NEXT") || token.IsWord("PREVIOUS")) && Accept("VALUE"))
            {
                Expect("FOR");
                ParseTableName(register: false); // MariaDB sequences
            }
        }
    }

    private ColumnDefinition ParseColumnDefinition(string name)
    {
        var type = ParseType();
        var column = new ColumnDefinition { Name = name, Type = type };
        if (type.Serial)
            column = column with { Nullable = false, Unique = true };

        while (!AtEnd && !Peek().IsSymbol(",") && !Peek().IsSymbol(")"))
            column = ParseColumnAttribute(column);
        return column;
    }

    private ColumnDefinition ParseColumnAttribute(ColumnDefinition column)
    {
        if (Accept("NOT"))
        {
            if (Accept("NULL"))
                return column with { Nullable = false };
            if (Accept("ENFORCED") || Accept("SECONDARY"))
                return column;
            throw Error("NULL after NOT");
        }

        if (Accept("NULL"))
            return column with { Nullable = true };
        if (Accept("DEFAULT"))
        {
            SkipValueExpression();
            return column;
        }

        if (Accept("AUTO_INCREMENT") || Accept("VIRTUAL") || Accept("STORED") || Accept("PERSISTENT")
            || Accept("INVISIBLE") || Accept("VISIBLE") || Accept("ENFORCED") || Accept("SECONDARY"))
            return column;
        if (Accept("UNIQUE"))
        {
            Accept("KEY");
            return column with { Unique = true };
        }

        if (Accept("PRIMARY"))
        {
            Expect("KEY");
            return column with { PrimaryKey = true };
        }

        if (Accept("KEY"))
            return column with { PrimaryKey = true };
        if (Accept("COMMENT") || Accept("COLUMN_FORMAT") || Accept("STORAGE") || Accept("SRID")
            || Accept("ENGINE_ATTRIBUTE") || Accept("SECONDARY_ENGINE_ATTRIBUTE") || Accept("REF_SYSTEM_ID"))
        {
            AcceptSymbol("=");
            Next();
            return column;
        }

        if (Accept("COLLATE"))
            return column with { Type = column.Type with { Collation = ParseCharsetName() } };
        if (TryParseCharset(out var charset))
            return column with { Type = column.Type with { CharacterSet = charset } };
        if (Peek().IsWord("BINARY"))
            return column with { Type = ParseTypeAttributes(column.Type) };
        if (Accept("ON"))
        {
            Expect("UPDATE");
            SkipValueExpression();
            return column;
        }

        if (Accept("GENERATED"))
        {
            Expect("ALWAYS");
            Expect("AS");
        }
        else if (!Accept("AS"))
        {
            return ParseColumnConstraintOrPosition(column);
        }

        if (Peek().IsSymbol("("))
            SkipBalanced();
        else
            throw Error("( expression ) of a generated column");
        return column with { Generated = true };
    }

    private ColumnDefinition ParseColumnConstraintOrPosition(ColumnDefinition column)
    {
        if (Accept("REFERENCES"))
        {
            SkipReferences();
            return column;
        }

        if (Accept("CONSTRAINT"))
        {
            if (!Peek().IsWord("CHECK"))
                ParseName();
            Expect("CHECK");
            return ApplyCheck(column);
        }

        if (Accept("CHECK"))
            return ApplyCheck(column);
        if (Accept("WITH") || Accept("WITHOUT"))
        {
            _systemVersioning |= _tokens[_pos - 1].IsWord("WITH");
            Expect("SYSTEM");
            Expect("VERSIONING");
            return column;
        }

        if (Accept("COMPRESSED"))
        {
            if (AcceptSymbol("="))
                Next();
            return column;
        }

        if (Accept("SERIAL"))
        {
            Expect("DEFAULT");
            Expect("VALUE");
            return column with { Nullable = false, Unique = true };
        }

        if (Accept("FIRST"))
            return column with { Position = new ColumnPosition(true, null) };
        if (Accept("AFTER"))
            return column with { Position = new ColumnPosition(false, ParseName()) };
        throw Error("a column attribute");
    }

    private ColumnDefinition ApplyCheck(ColumnDefinition column)
    {
        var jsonColumn = ParseCheck();
        return jsonColumn is not null && string.Equals(jsonColumn, column.Name, StringComparison.OrdinalIgnoreCase)
            ? column with { JsonCheck = true }
            : column;
    }
}
