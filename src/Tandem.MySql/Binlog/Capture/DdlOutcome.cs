using Tandem.MySql.Schema;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// What a statement did to the tracked schema: whether it changed tables, and every table it touched, under both the
/// old and the new name (a rename out of the captured tables matters as much as one into them).
/// </summary>
internal readonly record struct DdlOutcome(bool Changed, string? Database, IReadOnlyList<TableName> Tables);
