namespace Tandem.MySql.Schema.Ddl;

/// <summary>RENAME TABLE a TO b, c TO d: pairs applied left to right, as the server does.</summary>
internal sealed record RenameTablesStatement(IReadOnlyList<(TableRef From, TableRef To)> Pairs) : DdlStatement;
