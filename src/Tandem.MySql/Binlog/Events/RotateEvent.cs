namespace Tandem.MySql.Binlog.Events;

/// <summary>ROTATE (4): the stream continues in <see cref="NextFile"/> at <see cref="NextPosition"/>. Body: position (8), file name (rest).</summary>
public sealed class RotateEvent : BinlogEvent
{
    public required string NextFile { get; init; }

    public required long NextPosition { get; init; }
}
