namespace Tandem.MySql.Schema.Ddl;

internal sealed record CreateTableStatement(TableRef Table) : DdlStatement
{
    public bool IfNotExists { get; init; }

    public bool OrReplace { get; init; }

    public IReadOnlyList<ColumnDefinition> Columns { get; init; } = [];

    public IReadOnlyList<IndexDefinition> Indexes { get; init; } = [];

    /// <summary>Columns named by a table-level CHECK (json_valid(column)).</summary>
    public IReadOnlyList<string> JsonChecks { get; init; } = [];

    public string? CharacterSet { get; init; }

    public string? Collation { get; init; }

    /// <summary>CREATE TABLE ... LIKE source.</summary>
    public TableRef? Like { get; init; }

    /// <summary>True when the columns cannot be known from the text (CREATE TABLE ... SELECT).</summary>
    public bool NeedsReload { get; init; }

    /// <summary>CREATE SEQUENCE: a table of MariaDB's fixed sequence columns.</summary>
    public bool IsSequence { get; init; }
}
