namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// MariaDB GTID (162): opens an event group. Body: sequence number (8), domain id (4), flags (1); then a commit id
/// (8) when FL_GROUP_COMMIT_ID is set, or XA data when FL_PREPARED_XA/FL_COMPLETED_XA is. The server id is the
/// header's. See https://mariadb.com/kb/en/gtid_event/.
/// </summary>
public sealed class MariaDbGtidEvent : BinlogEvent
{
    /// <summary>The group has no COMMIT or XID of its own: a DDL or a non-transactional statement.</summary>
    public const byte StandaloneFlag = 0x01;

    public const byte GroupCommitIdFlag = 0x02;

    public const byte DdlFlag = 0x20;

    public const byte PreparedXaFlag = 0x40;

    public const byte CompletedXaFlag = 0x80;

    public required ulong Sequence { get; init; }

    public required uint Domain { get; init; }

    public required byte GtidFlags { get; init; }

    public uint ServerId => Header.ServerId;

    public bool IsStandalone => (GtidFlags & StandaloneFlag) != 0;

    public string Gtid => $"{Domain}-{ServerId}-{Sequence}";
}
