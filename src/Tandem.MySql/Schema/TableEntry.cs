using Tandem.Core.Model;

namespace Tandem.MySql.Schema;

/// <summary>A table plus its default charset and collation, which columns added later inherit.</summary>
internal sealed record TableEntry(TableSchema Schema, string CharacterSet, string Collation);
