namespace Tandem.MySql.Schema.Ddl;

/// <summary>ALTER TABLE, and CREATE/DROP INDEX, which the parser turns into the equivalent ALTER.</summary>
internal sealed record AlterTableStatement(TableRef Table, IReadOnlyList<AlterSpec> Specs, SchemaChangeKind Kind) : DdlStatement
{
    public bool IfExists { get; init; }
}
