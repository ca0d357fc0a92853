namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// A decoded binlog event. <see cref="File"/> and <see cref="Offset"/> are where it starts; <see cref="EndOffset"/>
/// is where the next one starts (equal to <see cref="Offset"/> for events the server generates for the stream).
/// </summary>
public abstract class BinlogEvent
{
    public required BinlogEventHeader Header { get; init; }

    public required string File { get; init; }

    public required long Offset { get; init; }

    public required long EndOffset { get; init; }

    public BinlogEventType Type => Header.Type;

    public string Position => $"{File}:{Offset}";
}
