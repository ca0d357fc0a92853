namespace Tandem.MySql.Schema.Ddl;

internal sealed record DropTablesStatement(IReadOnlyList<TableRef> Tables, bool IfExists) : DdlStatement;
