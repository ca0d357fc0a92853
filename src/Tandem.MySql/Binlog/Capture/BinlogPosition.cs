using Tandem.Core.Model;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// A place in a MySQL-family binlog: the file and offset, and the GTIDs executed up to it when known (a MariaDB GTID
/// position "0-1-42" or a MySQL GTID set "uuid:1-42"). Resuming prefers the GTIDs, which survive a failover to
/// another server; the file and offset are exact on the same server.
/// </summary>
public sealed record BinlogPosition(string File, long Offset, string? Gtids) : SourcePosition
{
    public override string ToString() => $"{File}:{Offset}";
}
