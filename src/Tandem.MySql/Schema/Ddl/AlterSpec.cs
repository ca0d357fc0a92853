namespace Tandem.MySql.Schema.Ddl;

/// <summary>One comma-separated part of ALTER TABLE; which members are set depends on <see cref="Kind"/>.</summary>
internal sealed record AlterSpec(AlterSpecKind Kind)
{
    /// <summary>AddColumns: the new columns in order; ChangeColumn: one, the new definition.</summary>
    public IReadOnlyList<ColumnDefinition> Columns { get; init; } = [];

    /// <summary>The existing column, index or constraint the spec refers to.</summary>
    public string? Name { get; init; }

    public string? NewName { get; init; }

    public IndexDefinition? Index { get; init; }

    public bool IfExists { get; init; }

    public string? CharacterSet { get; init; }

    public string? Collation { get; init; }

    /// <summary>RENAME TO, CONVERT PARTITION ... TO TABLE, CONVERT TABLE ... TO PARTITION.</summary>
    public TableRef? Table { get; init; }
}
