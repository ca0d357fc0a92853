using Tandem.Core.Model;
using Tandem.MySql.Binlog.Capture;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// The outcome of a full copy. <paramref name="StreamStart"/> is where the change stream must begin: the snapshot's
/// binlog position, or after a resumed copy the earliest position any chunk was read at. <paramref name="Tables"/> are
/// the source tables copied, as the source described them; <paramref name="RowsCopied"/> counts this run's rows only.
/// </summary>
public sealed record FullCopyResult(BinlogPosition StreamStart, IReadOnlyList<TableSchema> Tables, long RowsCopied);
