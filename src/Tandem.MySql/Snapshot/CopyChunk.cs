using Tandem.MySql.Binlog.Capture;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// A key range of a table, (<see cref="Lower"/>, <see cref="Upper"/>], as literals (null: open). <see cref="ReadAt"/>
/// is the snapshot position a finished chunk was read at; null while pending.
/// </summary>
internal sealed record CopyChunk(CopyTablePlan Table, int Index, IReadOnlyList<string>? Lower, IReadOnlyList<string>? Upper)
{
    public bool Done { get; init; }

    public long RowsCopied { get; init; }

    public BinlogPosition? ReadAt { get; init; }

    public override string ToString() => $"{Table} chunk {Index}";
}
