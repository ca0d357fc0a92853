namespace Tandem.Cli.Run;

/// <summary>One table (or sequence) of a source, as information_schema lists it.</summary>
internal readonly record struct SourceTable(string Database, string Table, bool IsSequence);
