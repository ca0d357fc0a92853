namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// An event that does not affect the changes Tandem emits (INTVAR, RAND, USER_VAR, STOP, BINLOG_CHECKPOINT, an
/// unknown type flagged ignorable): kept so positions still advance over it.
/// </summary>
public sealed class IgnoredEvent : BinlogEvent
{
}
