namespace Tandem.MySql.Schema.Ddl;

/// <summary>CREATE, DROP and RENAME of tables, indexes and databases.</summary>
internal sealed partial class DdlParser
{
    private DdlStatement ParseCreate()
    {
        var orReplace = false;
        if (Accept("OR"))
        {
            Expect("REPLACE");
            orReplace = true;
        }

        if (Accept("TEMPORARY"))
            return new IgnoredStatement("CREATE TEMPORARY"); // temporary tables carry no rows in a row-based binlog

        var word = Peek();
        if (word.IsWord("TABLE"))
        {
            Next();
            return ParseCreateTable(orReplace);
        }

        if (word.IsWord("DATABASE") || word.IsWord("SCHEMA"))
        {
            Next();
            return ParseDatabaseOptions(new DatabaseStatement(SchemaChangeKind.CreateDatabase, null) { OrReplace = orReplace }, nameRequired: true);
        }

        if (word.IsWord("SEQUENCE"))
        {
            // A MariaDB sequence is a table with fixed columns (DdlApplier.SequenceColumns).
            Next();
            var ifNotExists = AcceptIfNotExists();
            var sequence = ParseTableName();
            _pos = _tokens.Count - 1; // START WITH, INCREMENT BY, ... set values, not columns
            return new CreateTableStatement(sequence) { IfNotExists = ifNotExists, OrReplace = orReplace, IsSequence = true };
        }

        if (word.IsWord("SPATIAL") && Peek(1).IsWord("REFERENCE"))
            return new IgnoredStatement("CREATE SPATIAL REFERENCE SYSTEM");
        if (word.IsWord("UNIQUE") || word.IsWord("FULLTEXT") || word.IsWord("SPATIAL") || word.IsWord("INDEX")
            || word.IsWord("ONLINE") || word.IsWord("OFFLINE"))
            return ParseCreateIndex();
        if (word.Kind == DdlTokenKind.Word && DdlKeywords.NonTableObjects.Contains(word.Text))
            return new IgnoredStatement($"CREATE {word.Text.ToUpperInvariant()}");
        throw Error("TABLE, DATABASE or INDEX after CREATE");
    }

    private CreateTableStatement ParseCreateTable(bool orReplace)
    {
        var ifNotExists = AcceptIfNotExists();
        var statement = new CreateTableStatement(ParseTableName()) { IfNotExists = ifNotExists, OrReplace = orReplace };
        if (Accept("LIKE"))
            return statement with { Like = ParseTableName(register: false) };
        if (Peek().IsSymbol("(") && Peek(1).IsWord("LIKE"))
        {
            _pos += 2;
            statement = statement with { Like = ParseTableName(register: false) };
            ExpectSymbol(")");
            return statement;
        }

        if (Peek().IsSymbol("(") && !Peek(1).IsWord("SELECT") && !Peek(1).IsWord("WITH") && !Peek(1).IsSymbol("("))
        {
            var columns = new List<ColumnDefinition>();
            var indexes = new List<IndexDefinition>();
            var jsonChecks = new List<string>();
            ParseDefinitionList(columns, indexes, jsonChecks);
            statement = statement with { Columns = columns, Indexes = indexes, JsonChecks = jsonChecks };
        }

        string? charset = null;
        string? collation = null;
        while (!AtEnd)
        {
            if (AcceptSymbol(","))
                continue;
            var token = Peek();
            if (token.IsWord("PARTITION"))
                break; // partitioning does not change columns; the rest may be long and is not needed
            if (token.IsWord("SELECT") || token.IsWord("AS") || token.IsWord("IGNORE") || token.IsWord("REPLACE")
                || token.IsWord("VALUES") || token.IsWord("TABLE") || token.IsSymbol("(") || (token.IsWord("WITH") && !Peek(1).IsWord("SYSTEM")))
            {
                // CREATE TABLE ... SELECT: the columns come from the query, which only the server can resolve.
                _pos = _tokens.Count - 1;
                return statement with { NeedsReload = true, CharacterSet = charset, Collation = collation };
            }

            if (!TryParseTableOption(ref charset, ref collation))
                throw Error("a table option");
        }

        if (!AtEnd)
            _pos = _tokens.Count - 1; // the partitioning clause is skipped whole
        return statement with { CharacterSet = charset, Collation = collation, NeedsReload = _systemVersioning };
    }

    /// <summary>A table option; sets <paramref name="charset"/>/<paramref name="collation"/> for [DEFAULT] CHARSET/COLLATE and skips the others.</summary>
    private bool TryParseTableOption(ref string? charset, ref string? collation)
    {
        var start = _pos;
        Accept("DEFAULT");
        if (TryParseCharset(out var cs))
        {
            charset = cs;
            return true;
        }

        if (Accept("COLLATE"))
        {
            AcceptSymbol("=");
            collation = ParseCharsetName();
            return true;
        }

        var token = Peek();
        if (token.Kind == DdlTokenKind.Word && DdlKeywords.TableOptions.Contains(token.Text))
        {
            Next();
            SkipOptionValue();
            return true;
        }

        if ((token.IsWord("DATA") || token.IsWord("INDEX")) && Peek(1).IsWord("DIRECTORY"))
        {
            _pos += 2;
            SkipOptionValue();
            return true;
        }

        if (token.IsWord("WITH") && Peek(1).IsWord("SYSTEM"))
        {
            _pos += 2;
            Expect("VERSIONING");
            _systemVersioning = true;
            return true;
        }

        if (token.IsWord("START") && Peek(1).IsWord("TRANSACTION"))
        {
            _pos += 2; // MySQL 8 logs CREATE TABLE ... SELECT as CREATE TABLE (...) START TRANSACTION
            return true;
        }

        _pos = start;
        return false;
    }

    private void SkipOptionValue()
    {
        AcceptSymbol("=");
        if (Peek().IsSymbol("("))
            SkipBalanced();
        else
            Next();
        if (Peek().IsWord("STORAGE"))
        {
            Next(); // TABLESPACE ts STORAGE DISK
            Next();
        }
    }

    private AlterTableStatement ParseCreateIndex()
    {
        _ = Accept("ONLINE") || Accept("OFFLINE");
        var kind = IndexKind.Plain;
        if (Accept("UNIQUE"))
            kind = IndexKind.Unique;
        else if (Accept("FULLTEXT"))
            kind = IndexKind.Fulltext;
        else if (Accept("SPATIAL"))
            kind = IndexKind.Spatial;
        Expect("INDEX");
        var ifNotExists = AcceptIfNotExists();
        var name = ParseName();
        if (Accept("USING") || Accept("TYPE"))
            Next();
        Expect("ON");
        var table = ParseTableName();
        var (columns, prefixes) = ParseIndexColumns();
        while (!AtEnd)
            Next(); // index options, ALGORITHM, LOCK
        var index = new IndexDefinition { Kind = kind, Name = name, Columns = columns, PrefixLengths = prefixes, IfNotExists = ifNotExists };
        return new AlterTableStatement(table, [new AlterSpec(AlterSpecKind.AddIndex) { Index = index }], SchemaChangeKind.CreateIndex);
    }

    private DdlStatement ParseDrop()
    {
        if (Accept("TEMPORARY"))
            return new IgnoredStatement("DROP TEMPORARY");
        if (Accept("TABLE") || Accept("TABLES") || Accept("SEQUENCE"))
        {
            var ifExists = AcceptIfExists();
            var tables = new List<TableRef>();
            do
            {
                tables.Add(ParseTableName());
            }
            while (AcceptSymbol(","));
            while (!AtEnd)
                Next(); // RESTRICT, CASCADE, WAIT n, NOWAIT, FORCE
            return new DropTablesStatement(tables, ifExists);
        }

        if (Accept("DATABASE") || Accept("SCHEMA"))
        {
            var ifExists = AcceptIfExists();
            return new DatabaseStatement(SchemaChangeKind.DropDatabase, ParseName()) { IfExists = ifExists };
        }

        if (Accept("INDEX"))
        {
            _ = Accept("ONLINE") || Accept("OFFLINE");
            var ifExists = AcceptIfExists();
            var name = ParseName();
            Expect("ON");
            var table = ParseTableName();
            while (!AtEnd)
                Next(); // ALGORITHM, LOCK, WAIT
            var spec = string.Equals(name, "PRIMARY", StringComparison.OrdinalIgnoreCase)
                ? new AlterSpec(AlterSpecKind.DropPrimaryKey)
                : new AlterSpec(AlterSpecKind.DropIndex) { Name = name, IfExists = ifExists };
            return new AlterTableStatement(table, [spec], SchemaChangeKind.DropIndex);
        }

        var word = Peek();
        if (word.Kind == DdlTokenKind.Word && DdlKeywords.NonTableObjects.Contains(word.Text))
            return new IgnoredStatement($"DROP {word.Text.ToUpperInvariant()}");
        throw Error("TABLE, DATABASE or INDEX after DROP");
    }

    private DdlStatement ParseRename()
    {
        if (Accept("USER"))
            return new IgnoredStatement("RENAME USER");
        if (!Accept("TABLE") && !Accept("TABLES"))
            throw Error("TABLE after RENAME");
        AcceptIfExists();
        var pairs = new List<(TableRef From, TableRef To)>();
        do
        {
            var from = ParseTableName();
            SkipWait();
            Expect("TO");
            pairs.Add((from, ParseTableName()));
        }
        while (AcceptSymbol(","));
        return new RenameTablesStatement(pairs);
    }

    private DatabaseStatement ParseDatabaseOptions(DatabaseStatement statement, bool nameRequired)
    {
        if (statement.Kind == SchemaChangeKind.CreateDatabase)
            statement = statement with { IfNotExists = AcceptIfNotExists() };
        var token = Peek();
        var looksLikeOption = token.IsWord("DEFAULT") || token.IsWord("CHARACTER") || token.IsWord("CHARSET")
            || token.IsWord("COLLATE") || token.IsWord("COMMENT") || token.IsWord("READ") || token.IsWord("ENCRYPTION");
        if (nameRequired || (!looksLikeOption && !AtEnd))
            statement = statement with { Name = ParseName() };

        while (!AtEnd)
        {
            Accept("DEFAULT");
            if (TryParseCharset(out var charset))
            {
                statement = statement with { CharacterSet = charset };
            }
            else if (Accept("COLLATE"))
            {
                AcceptSymbol("=");
                statement = statement with { Collation = ParseCharsetName() };
            }
            else if (Accept("COMMENT") || Accept("ENCRYPTION"))
            {
                SkipOptionValue();
            }
            else if (Accept("READ"))
            {
                Expect("ONLY");
                SkipOptionValue();
            }
            else if (Accept("UPGRADE"))
            {
                while (!AtEnd)
                    Next(); // UPGRADE DATA DIRECTORY NAME
            }
            else
            {
                throw Error("a database option");
            }
        }

        return statement;
    }
}
