using System.Collections.Immutable;

namespace Tandem.MySql.Schema;

/// <summary>A database in the catalog: its defaults for new tables, and its tables by name.</summary>
internal sealed record DatabaseEntry(string Name, string CharacterSet, string Collation, ImmutableDictionary<string, TableEntry> Tables);
