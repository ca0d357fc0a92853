namespace Tandem.MySql.Sink;

/// <summary>
/// Statements sent in one round trip (a multi-statement COM_QUERY), with the table each one writes so an error can
/// name it. A batch is one or more chunks: the first opens the target transaction, the last stores the checkpoint and commits.
/// </summary>
internal sealed record SqlChunk(string Sql, IReadOnlyList<string> Tables);
