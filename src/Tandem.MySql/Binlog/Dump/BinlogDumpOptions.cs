namespace Tandem.MySql.Binlog.Dump;

/// <summary>How Tandem presents itself to the source as a replica.</summary>
public sealed record BinlogDumpOptions
{
    /// <summary>
    /// The replica server id. It must differ from every other replica of the source and from the source's own: the
    /// server ends an older dump connection that registers with the same id.
    /// </summary>
    public uint ServerId { get; init; } = 0x54_44_4D_01; // "TDM\x01"

    /// <summary>How often an idle source sends a heartbeat; the connection counts as dead after four missed ones.</summary>
    public TimeSpan HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>MariaDB: ask for ANNOTATE_ROWS events (the statement behind the rows).</summary>
    public bool AnnotateRows { get; init; } = true;

    /// <summary>The silence after which the connection is considered dead.</summary>
    public TimeSpan SilenceTimeout => HeartbeatPeriod * 4 + TimeSpan.FromSeconds(2);
}
