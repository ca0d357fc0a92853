namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// HEARTBEAT (27) and HEARTBEAT_V2 (41): the source is idle and has sent everything up to
/// <see cref="LogFile"/>:<see cref="LogPosition"/>. Never in the file, so never a transaction boundary.
/// </summary>
public sealed class HeartbeatEvent : BinlogEvent
{
    public required string LogFile { get; init; }

    public required long LogPosition { get; init; }
}
