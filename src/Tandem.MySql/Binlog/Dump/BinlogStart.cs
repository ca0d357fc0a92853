namespace Tandem.MySql.Binlog.Dump;

/// <summary>Where a binlog stream starts: a file and offset, a GTID set (MySQL) or GTID position (MariaDB).</summary>
public abstract record BinlogStart
{
    private BinlogStart()
    {
    }

    /// <summary>At an offset of a binlog file (4 is the start of a file).</summary>
    public sealed record FilePosition(string File, long Offset) : BinlogStart
    {
        public override string ToString() => $"{File}:{Offset}";
    }

    /// <summary>
    /// After the given GTIDs: a MySQL GTID set ("uuid:1-42,...") or a MariaDB GTID position ("0-1-42,1-2-7"), in the
    /// source's own syntax; the stream sends every transaction not in it.
    /// </summary>
    public sealed record Gtids(string Set) : BinlogStart
    {
        public override string ToString() => Set.Length == 0 ? "(empty GTID set)" : Set;
    }
}
