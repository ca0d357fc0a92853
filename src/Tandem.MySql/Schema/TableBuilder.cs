using Tandem.Core.Model;
using Tandem.MySql.Schema.Ddl;

namespace Tandem.MySql.Schema;

/// <summary>A mutable working copy of one table while the specs of a CREATE or ALTER are applied in order.</summary>
internal sealed class TableBuilder
{
    private readonly SchemaCatalogOptions _options;

    public TableBuilder(string database, string name, string characterSet, string collation, SchemaCatalogOptions options)
    {
        Database = database;
        Name = name;
        CharacterSet = characterSet;
        Collation = collation;
        _options = options;
    }

    public string Database { get; set; }

    public string Name { get; set; }

    public string CharacterSet { get; private set; }

    public string Collation { get; private set; }

    public List<ColumnSchema> Columns { get; } = [];

    public List<IndexSchema> Indexes { get; } = [];

    /// <summary>Kept through an ALTER of a sequence (ALTER TABLE works on one too).</summary>
    public bool IsSequence { get; private set; }

    public static TableBuilder From(TableEntry entry, SchemaCatalogOptions options)
    {
        var builder = new TableBuilder(entry.Schema.Database, entry.Schema.Name, entry.CharacterSet, entry.Collation, options);
        builder.Columns.AddRange(entry.Schema.Columns);
        builder.Indexes.AddRange(entry.Schema.Indexes);
        builder.IsSequence = entry.Schema.IsSequence;
        return builder;
    }

    /// <summary>The table, with keys in the server's order: PRIMARY, then unique keys, then the rest.</summary>
    public TableEntry Build()
    {
        var indexes = Indexes.Where(static i => i.IsPrimary)
            .Concat(Indexes.Where(static i => i.IsUnique && !i.IsPrimary))
            .Concat(Indexes.Where(static i => !i.IsUnique && !i.IsPrimary))
            .ToArray();
        var schema = new TableSchema { Database = Database, Name = Name, Columns = Columns.ToArray(), Indexes = indexes, IsSequence = IsSequence };
        return new TableEntry(schema, CharacterSet, Collation);
    }

    public int ColumnIndex(string name) => Columns.FindIndex(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public void AddColumn(ColumnDefinition definition, bool ifNotExists)
    {
        if (ColumnIndex(definition.Name) >= 0)
        {
            if (ifNotExists)
                return;
            throw Mismatch($"column '{definition.Name}' already exists");
        }

        var column = ColumnFactory.FromDefinition(definition, CharacterSet, Collation, _options);
        Columns.Insert(InsertionPoint(definition.Position), column);
        AddInlineKeys(definition);
    }

    public void ChangeColumn(string oldName, ColumnDefinition definition, bool ifExists)
    {
        var index = ColumnIndex(oldName);
        if (index < 0)
        {
            if (ifExists)
                return;
            throw Mismatch($"column '{oldName}' does not exist");
        }

        var other = ColumnIndex(definition.Name);
        if (other >= 0 && other != index)
            throw Mismatch($"column '{definition.Name}' already exists");

        var column = ColumnFactory.FromDefinition(definition, CharacterSet, Collation, _options);
        if (definition.Position is null)
        {
            Columns[index] = column;
        }
        else
        {
            Columns.RemoveAt(index);
            Columns.Insert(InsertionPoint(definition.Position), column);
        }

        RenameInIndexes(oldName, definition.Name);
        NormalizePrefixes();
        AddInlineKeys(definition);
        EnforcePrimaryKeyNotNull();
    }

    public void DropColumn(string name, bool ifExists)
    {
        var index = ColumnIndex(name);
        if (index < 0)
        {
            if (ifExists)
                return;
            throw Mismatch($"column '{name}' does not exist");
        }

        Columns.RemoveAt(index);

        // A dropped column leaves every key it was part of; a key left with no column goes too.
        for (var i = Indexes.Count - 1; i >= 0; i--)
        {
            var key = Indexes[i];
            var kept = Enumerable.Range(0, key.Columns.Count).Where(p => !SameColumn(key.Columns[p], name)).ToArray();
            if (kept.Length == key.Columns.Count)
                continue;
            if (kept.Length == 0)
                Indexes.RemoveAt(i);
            else
                Indexes[i] = key with { Columns = [.. kept.Select(p => key.Columns[p])], PrefixLengths = IndexSchema.Prefixes(kept.Select(key.PrefixOf)) };
        }
    }

    public void RenameColumn(string oldName, string newName)
    {
        var index = ColumnIndex(oldName);
        if (index < 0)
            throw Mismatch($"column '{oldName}' does not exist");
        if (!SameColumn(oldName, newName) && ColumnIndex(newName) >= 0)
            throw Mismatch($"column '{newName}' already exists");
        Columns[index] = Columns[index] with { Name = newName };
        RenameInIndexes(oldName, newName);
    }

    public void RequireColumn(string name, bool ifExists)
    {
        if (ColumnIndex(name) < 0 && !ifExists)
            throw Mismatch($"column '{name}' does not exist");
    }

    public void MarkJson(string column)
    {
        var index = ColumnIndex(column);
        if (index >= 0)
            Columns[index] = Columns[index] with { IsJson = true };
    }

    public void AddIndex(IndexDefinition definition)
    {
        foreach (var column in definition.Columns)
        {
            if (ColumnIndex(column) < 0)
                throw Mismatch($"key column '{column}' does not exist");
        }

        switch (definition.Kind)
        {
            case IndexKind.Primary:
                if (Indexes.Any(static i => i.IsPrimary))
                    throw Mismatch("the table already has a primary key");
                Indexes.Add(new IndexSchema { Name = "PRIMARY", Columns = CanonicalColumns(definition.Columns), PrefixLengths = definition.PrefixLengths, IsPrimary = true, IsUnique = true });
                EnforcePrimaryKeyNotNull();
                NormalizePrefixes();
                return;
            case IndexKind.Foreign:
                // InnoDB adds an index for a foreign key unless one already starts with its columns; it is named after
                // the CONSTRAINT symbol, else the FOREIGN KEY index name, else the first column
                // (https://dev.mysql.com/doc/refman/8.4/en/create-table-foreign-keys.html).
                if (Indexes.Any(i => StartsWith(i.Columns, definition.Columns)) || definition.Columns.Count == 0)
                    return;
                AddKey(definition.ConstraintName ?? definition.Name, definition.Columns, [], unique: false, ifNotExists: false);
                return;
            default:
                AddKey(definition.Name, definition.Columns, definition.PrefixLengths, definition.Kind == IndexKind.Unique, definition.IfNotExists);
                return;
        }
    }

    public void DropIndex(string name, bool ifExists)
    {
        if (string.Equals(name, "PRIMARY", StringComparison.OrdinalIgnoreCase))
        {
            DropPrimaryKey();
            return;
        }

        var index = Indexes.FindIndex(i => SameColumn(i.Name, name));
        if (index < 0)
        {
            if (ifExists)
                return;
            throw Mismatch($"key '{name}' does not exist");
        }

        Indexes.RemoveAt(index);
    }

    public void DropPrimaryKey()
    {
        var index = Indexes.FindIndex(static i => i.IsPrimary);
        if (index < 0)
            throw Mismatch("the table has no primary key to drop");
        Indexes.RemoveAt(index);
    }

    public void RenameIndex(string oldName, string newName)
    {
        var index = Indexes.FindIndex(i => SameColumn(i.Name, oldName));
        if (index < 0)
            throw Mismatch($"key '{oldName}' does not exist");
        Indexes[index] = Indexes[index] with { Name = newName };
    }

    /// <summary>DROP CONSTRAINT: a unique key of that name (MySQL 8), or MariaDB's column-level json_valid check, named after its column.</summary>
    public void DropConstraint(string name)
    {
        var index = Indexes.FindIndex(i => i.IsUnique && !i.IsPrimary && SameColumn(i.Name, name));
        if (index >= 0)
        {
            Indexes.RemoveAt(index);
            return;
        }

        var column = ColumnIndex(name);
        if (column >= 0 && Columns[column].IsJson && Columns[column].DataType != "json")
            Columns[column] = Columns[column] with { IsJson = false };
    }

    public void SetDefaults(string? charset, string? collation)
    {
        (CharacterSet, Collation) = CharsetRules.Resolve(_options, charset, collation, false, CharacterSet, Collation);
    }

    /// <summary>CONVERT TO CHARACTER SET: the table default and every text column (https://mariadb.com/kb/en/alter-table/#convert-to-character-set).</summary>
    public void ConvertCharset(string charset, string? collation)
    {
        var (cs, coll) = CharsetRules.Resolve(_options, charset, collation, false, CharacterSet, Collation);
        CharacterSet = cs;
        Collation = coll;
        for (var i = 0; i < Columns.Count; i++)
            Columns[i] = ColumnFactory.Convert(Columns[i], cs, coll, _options);
    }

    private void AddInlineKeys(ColumnDefinition definition)
    {
        if (definition.PrimaryKey)
            AddIndex(new IndexDefinition { Kind = IndexKind.Primary, Name = "PRIMARY", Columns = [definition.Name] });
        if (definition.Unique)
            AddKey(definition.Name, [definition.Name], [], unique: true, ifNotExists: false);
    }

    private void AddKey(string? name, IReadOnlyList<string> columns, IReadOnlyList<int> prefixLengths, bool unique, bool ifNotExists)
    {
        if (name is not null && Indexes.Any(i => SameColumn(i.Name, name)))
        {
            if (ifNotExists)
                return;
            throw Mismatch($"key '{name}' already exists");
        }

        Indexes.Add(new IndexSchema { Name = name ?? UniqueKeyName(columns[0]), Columns = CanonicalColumns(columns), PrefixLengths = prefixLengths, IsUnique = unique });
        NormalizePrefixes();
    }

    /// <summary>A prefix as long as a CHAR, VARCHAR, BINARY or VARBINARY column holds the whole column, and the server reports it so.</summary>
    private void NormalizePrefixes()
    {
        for (var i = 0; i < Indexes.Count; i++)
        {
            var key = Indexes[i];
            if (key.PrefixLengths.Count == 0)
                continue;
            var lengths = key.Columns.Select((c, p) => ColumnIndex(c) is var o and >= 0 && Columns[o] is { Length: { } length } column
                && column.DataType is "char" or "varchar" or "binary" or "varbinary" && key.PrefixOf(p) >= length ? 0 : key.PrefixOf(p));
            Indexes[i] = key with { PrefixLengths = IndexSchema.Prefixes(lengths) };
        }
    }

    /// <summary>An unnamed key is named after its first column, then _2, _3 ... (sql_table.cc make_unique_key_name).</summary>
    private string UniqueKeyName(string column)
    {
        var name = ColumnIndex(column) is var i and >= 0 ? Columns[i].Name : column;
        if (!IsKeyNameTaken(name))
            return name;
        for (var n = 2; ; n++)
        {
            var candidate = $"{name}_{n}";
            if (!IsKeyNameTaken(candidate))
                return candidate;
        }
    }

    private bool IsKeyNameTaken(string name) =>
        string.Equals(name, "PRIMARY", StringComparison.OrdinalIgnoreCase) || Indexes.Any(i => SameColumn(i.Name, name));

    /// <summary>Key columns spelled as the column is, since the server reports them so.</summary>
    private string[] CanonicalColumns(IReadOnlyList<string> columns) =>
        columns.Select(c => ColumnIndex(c) is var i and >= 0 ? Columns[i].Name : c).ToArray();

    private void RenameInIndexes(string oldName, string newName)
    {
        for (var i = 0; i < Indexes.Count; i++)
        {
            if (Indexes[i].Columns.Any(c => SameColumn(c, oldName)))
                Indexes[i] = Indexes[i] with { Columns = Indexes[i].Columns.Select(c => SameColumn(c, oldName) ? newName : c).ToArray() };
        }
    }

    private void EnforcePrimaryKeyNotNull()
    {
        if (Indexes.FirstOrDefault(static i => i.IsPrimary) is not { } primary)
            return;
        foreach (var name in primary.Columns)
        {
            var index = ColumnIndex(name);
            if (index >= 0)
                Columns[index] = Columns[index] with { Nullable = false };
        }
    }

    private int InsertionPoint(ColumnPosition? position)
    {
        if (position is null)
            return Columns.Count;
        if (position.First)
            return 0;
        var after = ColumnIndex(position.After!);
        if (after < 0)
            throw Mismatch($"column '{position.After}' named in AFTER does not exist");
        return after + 1;
    }

    private static bool StartsWith(IReadOnlyList<string> columns, IReadOnlyList<string> prefix) =>
        columns.Count >= prefix.Count && prefix.Select((c, i) => SameColumn(c, columns[i])).All(static same => same);

    private static bool SameColumn(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private SchemaMismatchException Mismatch(string what) => new($"{Database}.{Name}: {what}");
}
