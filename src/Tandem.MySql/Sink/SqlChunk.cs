namespace Tandem.MySql.Sink;

/// <summary>
/// Statements sent in one round trip (a multi-statement COM_QUERY), with the table each one writes so an error can
/// name it. A batch is one or more chunks: the first opens the target transaction, the last stores the checkpoint and commits.
/// </summary>
internal sealed record SqlChunk(string Sql, IReadOnlyList<string> Tables)
{
    /// <summary>
    /// Set for one statement too large for a text packet (a row holding large values): its <c>?</c> placeholders take these
    /// values (<see cref="byte"/>[] or <see cref="string"/>), each sent ahead of the execute in pieces of
    /// <see cref="PieceBytes"/>; null for text statements.
    /// </summary>
    public IReadOnlyList<object>? LongValues { get; init; }

    /// <summary>The largest piece of a long value sent in one packet.</summary>
    public int PieceBytes { get; init; }
}
