namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// MariaDB GTID_LIST (163): the last GTID of each replication domain before this file. Body: count (4, low 28 bits),
/// then per entry domain (4), server id (4), sequence (8). See https://mariadb.com/kb/en/gtid_list_event/.
/// </summary>
public sealed class MariaDbGtidListEvent : BinlogEvent
{
    public required IReadOnlyList<(uint Domain, uint ServerId, ulong Sequence)> Gtids { get; init; }
}
