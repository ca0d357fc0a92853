namespace Tandem.MySql.Binlog.Positions;

/// <summary>
/// One MariaDB GTID, <c>domain-server-sequence</c> such as <c>0-1-42</c> (MariaDB KB, "Global Transaction ID").
/// Within a domain, transactions are ordered by <see cref="Sequence"/> alone; the server id only says who wrote it.
/// </summary>
public readonly record struct MariaDbGtid(uint Domain, uint ServerId, ulong Sequence)
{
    public override string ToString() => $"{Domain}-{ServerId}-{Sequence}";
}
