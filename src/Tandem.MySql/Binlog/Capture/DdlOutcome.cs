namespace Tandem.MySql.Binlog.Capture;

/// <summary>What a statement did to the tracked schema: whether it changed tables, and the table it names first.</summary>
internal readonly record struct DdlOutcome(bool Changed, string? Database, string? Table);
