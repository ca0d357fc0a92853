using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Tests.Binlog.Builders;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Binlog.Dump;

/// <summary>
/// One binlog file of a MySQL 8.4 source, built event by event with <see cref="BinlogEventBuilder"/> (CRC32 on), that a
/// stream script can serve from any offset the way the server does
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html): an artificial ROTATE naming the file
/// and offset, the format description (itself at offset 4, or re-sent with log_pos 0 when starting mid-file), then the
/// file's events from the offset on. Heartbeats are recorded where they are sent, outside the file's offsets.
/// </summary>
internal sealed class MySql84Binlog
{
    public const string File = "binlog.000001";

    private readonly List<(long Start, byte[] Raw)> _events = [];

    public MySql84Binlog()
    {
        Builder = new BinlogEventBuilder(checksums: true);
        FormatDescription = Builder.FormatDescription();
    }

    public BinlogEventBuilder Builder { get; }

    /// <summary>The format description at offset 4.</summary>
    public byte[] FormatDescription { get; }

    /// <summary>Where the next event would start: the end of the file so far.</summary>
    public long End => Builder.Position;

    /// <summary>Appends an event of the file; returns where it ends (its log_pos).</summary>
    public long Add(BinlogEventType type, byte[] body)
    {
        var start = Builder.Position;
        _events.Add((start, Builder.Next(type, body)));
        return Builder.Position;
    }

    /// <summary>Records an idle-time HEARTBEAT_V2 (artificial, log_pos 0) naming the current end of the file.</summary>
    public void Heartbeat() =>
        _events.Add((End, BinlogEventBuilder.Event(BinlogEventType.HeartbeatV2, BinlogEventBuilder.HeartbeatV2Body(File, (ulong)End), 0, BinlogEventFlags.Artificial, checksum: true, 0)));

    /// <summary>What the server sends for a dump from <paramref name="offset"/>, up to (not including) <paramref name="until"/>.</summary>
    public IEnumerable<byte[]> StreamFrom(long offset, long until = long.MaxValue)
    {
        yield return Builder.Rotate(File, offset, artificial: true);
        yield return offset <= 4 ? FormatDescription : Builder.FormatDescription(artificial: true);
        foreach (var (start, raw) in _events)
        {
            if (start >= offset && start < until)
            {
                yield return raw;
            }
        }
    }

    /// <summary>Sends <see cref="StreamFrom"/> as stream packets.</summary>
    public async Task SendAsync(FakeConnection connection, long offset, long until = long.MaxValue)
    {
        foreach (var raw in StreamFrom(offset, until))
        {
            await FakeMySql84Source.SendEventAsync(connection, raw);
        }
    }
}
