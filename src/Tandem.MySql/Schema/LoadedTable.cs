using Tandem.Core.Model;

namespace Tandem.MySql.Schema;

/// <summary>A table as information_schema describes it, with its default collation (TABLES.TABLE_COLLATION).</summary>
internal sealed record LoadedTable(TableSchema Schema, string? Collation);
