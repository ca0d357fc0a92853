namespace Tandem.MySql.Binlog.Dump;

/// <summary>How Tandem presents itself to the source as a replica.</summary>
public sealed record BinlogDumpOptions
{
    /// <summary>
    /// The replica server id. It must differ from every other replica of the source and from the source's own: the
    /// server ends an older dump connection that registers with the same id. The default differs per process
    /// ("TD" and the low 16 bits of the pid), so two Tandem processes on one source do not end each other's streams.
    /// </summary>
    public uint ServerId { get; init; } = DefaultServerId;

    public static uint DefaultServerId => 0x5444_0000u | (uint)(Environment.ProcessId & 0xFFFF);

    /// <summary>How often an idle source sends a heartbeat; the connection counts as dead after four missed ones.</summary>
    public TimeSpan HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>MariaDB: ask for ANNOTATE_ROWS events (the statement behind the rows).</summary>
    public bool AnnotateRows { get; init; } = true;

    /// <summary>
    /// The silence after which a source on an open connection counts as stalled: two heartbeats missed, and a second
    /// for a busy machine. The connection is kept until <see cref="SilenceTimeout"/>.
    /// </summary>
    public TimeSpan QuietAfter => HeartbeatPeriod * 2 + TimeSpan.FromSeconds(1);

    /// <summary>The silence after which the connection is considered dead.</summary>
    public TimeSpan SilenceTimeout => HeartbeatPeriod * 4 + TimeSpan.FromSeconds(2);
}
