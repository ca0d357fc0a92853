namespace Tandem.MySql.Schema.Ddl;

/// <summary>ALTER TABLE and ALTER DATABASE.</summary>
internal sealed partial class DdlParser
{
    private DdlStatement ParseAlter()
    {
        _ = Accept("ONLINE") || Accept("OFFLINE");
        Accept("IGNORE");
        if (Accept("TABLE"))
            return ParseAlterTable();
        if (Accept("DATABASE") || Accept("SCHEMA"))
            return ParseDatabaseOptions(new DatabaseStatement(SchemaChangeKind.AlterDatabase, null), nameRequired: false);
        if (Accept("SEQUENCE"))
            return new IgnoredStatement("ALTER SEQUENCE"); // changes a sequence's values, never its columns
        var word = Peek();
        if (word.Kind == DdlTokenKind.Word && DdlKeywords.NonTableObjects.Contains(word.Text))
            return new IgnoredStatement($"ALTER {word.Text.ToUpperInvariant()}");
        throw Error("TABLE or DATABASE after ALTER");
    }

    private AlterTableStatement ParseAlterTable()
    {
        var ifExists = AcceptIfExists();
        var table = ParseTableName();
        var specs = new List<AlterSpec>();
        while (!AtEnd)
        {
            if (AcceptSymbol(","))
                continue;
            if (Peek().IsWord("PARTITION") && Peek(1).IsWord("BY"))
            {
                // Partitioning never changes columns; skip the (possibly long) definition.
                _pos = _tokens.Count - 1;
                break;
            }

            specs.Add(ParseAlterSpec());
        }

        if (_systemVersioning)
            throw new DdlParseException("WITH SYSTEM VERSIONING adds hidden row_start/row_end columns; the table must be reloaded", Peek().Offset);

        return new AlterTableStatement(table, specs, SchemaChangeKind.AlterTable) { IfExists = ifExists };
    }

    private AlterSpec ParseAlterSpec()
    {
        var token = Peek();
        if (Accept("ADD"))
            return ParseAdd();
        if (Accept("DROP"))
            return ParseAlterDrop();
        if (Accept("MODIFY"))
        {
            Accept("COLUMN");
            var ifExists = AcceptIfExists();
            var column = ParseColumnDefinition(ParseName());
            return new AlterSpec(AlterSpecKind.ChangeColumn) { Name = column.Name, Columns = [column], IfExists = ifExists };
        }

        if (Accept("CHANGE"))
        {
            Accept("COLUMN");
            var ifExists = AcceptIfExists();
            var old = ParseName();
            var column = ParseColumnDefinition(ParseName());
            return new AlterSpec(AlterSpecKind.ChangeColumn) { Name = old, Columns = [column], IfExists = ifExists };
        }

        if (Accept("ALTER"))
            return ParseAlterColumnOrIndex();
        if (Accept("RENAME"))
            return ParseAlterRename();
        if (Accept("CONVERT"))
            return ParseConvert();
        if (token.Kind == DdlTokenKind.Word)
        {
            if (TrySkipNoOpClause())
                return new AlterSpec(AlterSpecKind.NoOp);
            string? charset = null;
            string? collation = null;
            if (TryParseTableOption(ref charset, ref collation))
            {
                return charset is null && collation is null
                    ? new AlterSpec(AlterSpecKind.NoOp)
                    : new AlterSpec(AlterSpecKind.TableCharset) { CharacterSet = charset, Collation = collation };
            }
        }

        throw Error("an ALTER TABLE clause");
    }

    private AlterSpec ParseAdd()
    {
        var token = Peek();
        if (token.Kind == DdlTokenKind.Word && DdlKeywords.KeyDefinitionStarts.Contains(token.Text))
        {
            var indexes = new List<IndexDefinition>();
            var jsonChecks = new List<string>();
            ParseKeyDefinition(indexes, jsonChecks);
            if (indexes.Count == 1)
                return new AlterSpec(AlterSpecKind.AddIndex) { Index = indexes[0] };
            return jsonChecks.Count == 1 ? new AlterSpec(AlterSpecKind.AddJsonCheck) { Name = jsonChecks[0] } : new AlterSpec(AlterSpecKind.NoOp);
        }

        if (Accept("PARTITION"))
        {
            AcceptIfNotExists();
            SkipToClauseEnd();
            return new AlterSpec(AlterSpecKind.NoOp);
        }

        if (token.IsWord("PERIOD") && Peek(1).IsWord("FOR"))
        {
            SkipToClauseEnd();
            return new AlterSpec(AlterSpecKind.NoOp);
        }

        if (token.IsWord("SYSTEM") && Peek(1).IsWord("VERSIONING"))
            throw Error("a change Tandem can follow (ADD SYSTEM VERSIONING adds hidden row_start/row_end columns)");

        Accept("COLUMN");
        var ifNotExists = AcceptIfNotExists();
        if (Peek().IsSymbol("("))
        {
            var columns = new List<ColumnDefinition>();
            var keys = new List<IndexDefinition>();
            var checks = new List<string>();
            ParseDefinitionList(columns, keys, checks);
            if (keys.Count > 0 || checks.Count > 0)
                throw Error("only columns inside ADD (...)");
            return new AlterSpec(AlterSpecKind.AddColumns) { Columns = columns, IfExists = ifNotExists };
        }

        return new AlterSpec(AlterSpecKind.AddColumns) { Columns = [ParseColumnDefinition(ParseName())], IfExists = ifNotExists };
    }

    private AlterSpec ParseAlterDrop()
    {
        if (Accept("PRIMARY"))
        {
            Expect("KEY");
            return new AlterSpec(AlterSpecKind.DropPrimaryKey);
        }

        if (Accept("INDEX") || Accept("KEY"))
        {
            var ifExists = AcceptIfExists();
            return new AlterSpec(AlterSpecKind.DropIndex) { IfExists = ifExists, Name = ParseName() };
        }

        if (Accept("FOREIGN"))
        {
            // The key's index stays (https://dev.mysql.com/doc/refman/8.4/en/create-table-foreign-keys.html).
            Expect("KEY");
            AcceptIfExists();
            ParseName();
            return new AlterSpec(AlterSpecKind.NoOp);
        }

        if (Accept("CHECK") || Accept("CONSTRAINT"))
        {
            var ifExists = AcceptIfExists();
            return new AlterSpec(AlterSpecKind.DropConstraint) { IfExists = ifExists, Name = ParseName() };
        }

        if (Accept("PARTITION"))
        {
            AcceptIfExists();
            SkipNameList();
            return new AlterSpec(AlterSpecKind.NoOp);
        }

        if (Peek().IsWord("PERIOD") && Peek(1).IsWord("FOR"))
        {
            SkipToClauseEnd();
            return new AlterSpec(AlterSpecKind.NoOp);
        }

        if (Peek().IsWord("SYSTEM") && Peek(1).IsWord("VERSIONING"))
            throw Error("a change Tandem can follow (DROP SYSTEM VERSIONING removes hidden columns)");

        Accept("COLUMN");
        var columnIfExists = AcceptIfExists();
        var name = ParseName();
        _ = Accept("RESTRICT") || Accept("CASCADE");
        return new AlterSpec(AlterSpecKind.DropColumn) { Name = name, IfExists = columnIfExists };
    }

    private AlterSpec ParseAlterColumnOrIndex()
    {
        if (Accept("INDEX") || Accept("KEY") || Accept("CHECK") || Accept("CONSTRAINT"))
        {
            SkipToClauseEnd(); // VISIBLE, INVISIBLE, [NOT] IGNORED, [NOT] ENFORCED
            return new AlterSpec(AlterSpecKind.NoOp);
        }

        Accept("COLUMN");
        var ifExists = AcceptIfExists();
        var name = ParseName();
        if (Accept("SET"))
        {
            if (Accept("DEFAULT"))
                SkipValueExpression();
            else if (!Accept("VISIBLE") && !Accept("INVISIBLE"))
                throw Error("DEFAULT, VISIBLE or INVISIBLE");
        }
        else if (Accept("DROP"))
        {
            Expect("DEFAULT");
        }
        else
        {
            throw Error("SET or DROP after ALTER COLUMN");
        }

        return new AlterSpec(AlterSpecKind.AlterColumn) { Name = name, IfExists = ifExists };
    }

    private AlterSpec ParseAlterRename()
    {
        if (Accept("COLUMN"))
        {
            var old = ParseName();
            Expect("TO");
            return new AlterSpec(AlterSpecKind.RenameColumn) { Name = old, NewName = ParseName() };
        }

        if (Accept("INDEX") || Accept("KEY"))
        {
            var old = ParseName();
            Expect("TO");
            return new AlterSpec(AlterSpecKind.RenameIndex) { Name = old, NewName = ParseName() };
        }

        _ = Accept("TO") || Accept("AS");
        return new AlterSpec(AlterSpecKind.RenameTable) { Table = ParseTableName() };
    }

    private AlterSpec ParseConvert()
    {
        if (Accept("TO"))
        {
            if (!TryParseCharset(out var charset))
                throw Error("CHARACTER SET after CONVERT TO");
            string? collation = null;
            if (Accept("COLLATE"))
            {
                AcceptSymbol("=");
                collation = ParseCharsetName();
            }

            return new AlterSpec(AlterSpecKind.ConvertCharset) { CharacterSet = charset, Collation = collation };
        }

        if (Accept("PARTITION"))
        {
            // MariaDB 10.7: CONVERT PARTITION p TO TABLE t makes a new table t with this table's columns.
            ParseName();
            Expect("TO");
            Expect("TABLE");
            return new AlterSpec(AlterSpecKind.ConvertPartitionToTable) { Table = ParseTableName() };
        }

        if (Accept("TABLE"))
        {
            var table = ParseTableName();
            Expect("TO");
            Expect("PARTITION");
            SkipToClauseEnd();
            return new AlterSpec(AlterSpecKind.ConvertTableToPartition) { Table = table };
        }

        throw Error("TO, PARTITION or TABLE after CONVERT");
    }

    /// <summary>Clauses that change no column or key: ALGORITHM, LOCK, FORCE, partition maintenance and the like.</summary>
    private bool TrySkipNoOpClause()
    {
        if (Accept("ALGORITHM") || Accept("LOCK"))
        {
            AcceptSymbol("=");
            Next();
            return true;
        }

        if (Accept("FORCE") || Accept("NOWAIT") || Accept("REMOVE"))
        {
            Accept("PARTITIONING");
            return true;
        }

        if (Accept("WAIT"))
        {
            Next();
            return true;
        }

        if (Accept("ENABLE") || Accept("DISABLE"))
        {
            Expect("KEYS");
            return true;
        }

        if ((Peek().IsWord("WITH") || Peek().IsWord("WITHOUT")) && Peek(1).IsWord("VALIDATION"))
        {
            _pos += 2;
            return true;
        }

        if ((Peek().IsWord("DISCARD") || Peek().IsWord("IMPORT")) && Peek(1).IsWord("TABLESPACE"))
        {
            _pos += 2;
            return true;
        }

        if (Accept("ORDER"))
        {
            Expect("BY");
            SkipToClauseEnd();
            return true;
        }

        var word = Peek();
        if ((word.IsWord("DISCARD") || word.IsWord("IMPORT") || word.IsWord("COALESCE") || word.IsWord("REORGANIZE")
                || word.IsWord("EXCHANGE") || word.IsWord("ANALYZE") || word.IsWord("CHECK") || word.IsWord("OPTIMIZE")
                || word.IsWord("REBUILD") || word.IsWord("REPAIR") || word.IsWord("TRUNCATE"))
            && Peek(1).IsWord("PARTITION"))
        {
            _pos += 2;
            SkipNameList();
            return true;
        }

        return false;
    }

    /// <summary>p1, p2 ... then the rest of the clause (INTO (...), WITH TABLE t, TABLESPACE): stops before the next ALTER clause.</summary>
    private void SkipNameList()
    {
        while (true)
        {
            SkipToClauseEnd();
            if (!Peek().IsSymbol(",") || !Peek(1).IsName
                || (Peek(1).Kind == DdlTokenKind.Word && DdlKeywords.AlterClauseStarts.Contains(Peek(1).Text)))
                return;
            Next();
        }
    }
}
