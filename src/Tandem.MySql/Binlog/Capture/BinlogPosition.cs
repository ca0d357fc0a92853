using Tandem.Core.Model;
using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// A place in a MySQL-family binlog: the file and offset, and the GTIDs executed up to it when known (a MariaDB GTID
/// position "0-1-42" or a MySQL GTID set "uuid:1-42"). Resuming prefers the GTIDs, which survive a failover to
/// another server; the file and offset are exact on the same server, and they alone order positions.
/// </summary>
public sealed record BinlogPosition(string File, long Offset, string? Gtids) : SourcePosition
{
    /// <summary>The engine name MySQL-family positions carry (MariaDB and TiDB included).</summary>
    public const string EngineName = "mysql";

    public override string Engine => EngineName;

    public BinlogFilePosition FilePosition => new(File, Offset);

    protected override int CompareToSameKind(SourcePosition other) => FilePosition.CompareTo(((BinlogPosition)other).FilePosition);

    public override string ToString() => $"{File}:{Offset}";
}
