namespace Tandem.MySql.Binlog.Events;

/// <summary>PREVIOUS_GTIDS (35): the GTID set executed before this file, encoded as in COM_BINLOG_DUMP_GTID.</summary>
public sealed class PreviousGtidsEvent : BinlogEvent
{
    public required byte[] EncodedSet { get; init; }
}
