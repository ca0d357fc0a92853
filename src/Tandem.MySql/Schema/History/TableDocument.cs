using Tandem.Core.Model;

namespace Tandem.MySql.Schema.History;

internal sealed record TableDocument(TableSchema Schema, string CharacterSet, string Collation);
