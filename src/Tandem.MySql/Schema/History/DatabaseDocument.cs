namespace Tandem.MySql.Schema.History;

internal sealed record DatabaseDocument(string Name, string CharacterSet, string Collation, IReadOnlyList<TableDocument> Tables);
