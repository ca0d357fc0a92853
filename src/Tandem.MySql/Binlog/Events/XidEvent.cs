namespace Tandem.MySql.Binlog.Events;

/// <summary>XID (16): the commit of a transaction on a transactional engine. Body: the 8-byte XA id.</summary>
public sealed class XidEvent : BinlogEvent
{
    public required ulong Xid { get; init; }
}
