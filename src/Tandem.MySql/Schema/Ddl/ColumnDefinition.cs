namespace Tandem.MySql.Schema.Ddl;

/// <summary>A column as declared in CREATE TABLE or ALTER TABLE ADD/MODIFY/CHANGE.</summary>
internal sealed record ColumnDefinition
{
    public required string Name { get; init; }

    public required ParsedType Type { get; init; }

    /// <summary>Explicit NULL / NOT NULL; null when neither was written.</summary>
    public bool? Nullable { get; init; }

    public bool PrimaryKey { get; init; }

    public bool Unique { get; init; }

    public bool Generated { get; init; }

    /// <summary>A CHECK (json_valid(column)) on the column: MariaDB's JSON alias.</summary>
    public bool JsonCheck { get; init; }

    public ColumnPosition? Position { get; init; }
}
