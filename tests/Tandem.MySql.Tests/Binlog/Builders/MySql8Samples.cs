using System.Text;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Tests.Binlog.Compression;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogEventBuilder;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogValueEncoder;
using static Tandem.MySql.Tests.Binlog.Builders.JsonBinaryWriter;
using RowsKind = Tandem.MySql.Binlog.Rows.RowsEventKind;

namespace Tandem.MySql.Tests.Binlog.Builders;

/// <summary>Valid MySQL 8.4 events and transactions of every type, the seeds the fuzz tests damage.</summary>
internal static class MySql8Samples
{
    public const string File = "binlog.000001";

    public static readonly Guid Source = Guid.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562");

    /// <summary>shop.t: id INT, name VARCHAR(20) utf8mb4, doc JSON, size ENUM('s','m'), flags SET('x','y'), price DECIMAL(10,2).</summary>
    public static byte[] TableMap(ulong tableId = 7) => TableMapBody(
        tableId,
        "shop",
        "t",
        [3, 15, 245, 254, 254, 246],
        [.. LittleEndian(80, 2), 4, 0xF7, 1, 0xF8, 1, 10, 2],
        [false, true, true, true, true, true],
        Signedness(false, true),
        DefaultCharset(255, (0, 45)),
        ColumnNames("id", "name", "doc", "size", "flags", "price"),
        SetValues(["x", "y"]),
        EnumValues(["s", "m"]),
        SimplePrimaryKey(0),
        ColumnVisibility(true, true, true, true, true, true));

    private static byte[][] Row(int i) =>
    [
        Int32(i), LengthPrefixed($"n{i}", Encoding.UTF8, 1), LengthPrefixed(Document(Object(("a", Array(i, "s")), ("b", null))), 4), [1], [3], Decimal($"{i}.25", 10, 2),
    ];

    public static byte[] Write() => RowsBody(7, new RowsBodyBuilder(RowsKind.Write, 6).Image(Row(1)).Image(Row(2)).Build(), extraData: PartitionInfo(1));

    public static byte[] Update() => RowsBody(7, new RowsBodyBuilder(RowsKind.Update, 6).Image(Row(1)).After(Row(3)).Build(), extraData: PartitionInfo(1, 0));

    public static byte[] Delete() => RowsBody(7, new RowsBodyBuilder(RowsKind.Delete, 6).Image(Row(3)).Build());

    public static byte[] PartialUpdate()
    {
        var body = new RowsBodyBuilder(RowsKind.PartialUpdate, 6)
            .Image(Row(1))
            .ValueOptions(1, true)
            .After(Int32(1), LengthPrefixed("n1", Encoding.UTF8, 1), RowsBodyBuilder.Diffs(RowsBodyBuilder.Diff(0, "$.a[0]", Document(5)), RowsBodyBuilder.Diff(1, "$.c", Document("z")), RowsBodyBuilder.Diff(2, "$.b")), [2], [1], Decimal("1.25", 10, 2))
            .Build();
        return RowsBody(7, body);
    }

    /// <summary>The events of one row transaction after its GTID: BEGIN, TABLE_MAP, rows of every kind, XID.</summary>
    public static (BinlogEventType Type, byte[] Body)[] TransactionBody() =>
    [
        (BinlogEventType.Query, QueryBody("shop", "BEGIN")),
        (BinlogEventType.TableMap, TableMap()),
        (BinlogEventType.WriteRowsV2, Write()),
        (BinlogEventType.UpdateRowsV2, Update()),
        (BinlogEventType.PartialUpdateRows, PartialUpdate()),
        (BinlogEventType.DeleteRowsV2, Delete()),
        (BinlogEventType.Xid, XidBody(5)),
    ];

    /// <summary>The inner events of a TRANSACTION_PAYLOAD, concatenated (no checksums, log_pos 0).</summary>
    public static byte[] PayloadContent(BinlogEventBuilder builder) => [.. TransactionBody().SelectMany(e => builder.Inner(e.Type, e.Body))];

    /// <summary>One complete stream: stream start, a row transaction, a DDL, a payload transaction, a tagged one, heartbeats, a rotate.</summary>
    public static byte[][] Stream(bool checksums = true)
    {
        var b = new BinlogEventBuilder(checksums);
        var events = new List<byte[]>
        {
            b.Rotate(File, 4, artificial: true),
            b.FormatDescription(),
            b.Next(BinlogEventType.PreviousGtids, PreviousGtidsBody($"{Source:D}:1-10,{Source:D}:tag:1-2")),
            b.Next(BinlogEventType.Gtid, GtidBody(Source, 11, 1, 2, 1_700_000_000_000_000, 1_600_000_000_000_000, 1000, 80403, 80036)),
        };
        events.AddRange(TransactionBody().Select(e => b.Next(e.Type, e.Body)));
        events.Add(b.Next(BinlogEventType.Gtid, GtidBody(Source, 12, immediateCommit: 5)));
        events.Add(b.Next(BinlogEventType.Query, QueryBody("shop", "CREATE TABLE other (id INT PRIMARY KEY)", [.. DefaultStatus(), .. StatusDdlLoggedWithXid(9)])));
        events.Add(Event(BinlogEventType.Heartbeat, Encoding.UTF8.GetBytes(File), (uint)b.Position, BinlogEventFlags.Artificial, checksums, 0));
        events.Add(b.Next(BinlogEventType.Gtid, GtidBody(Source, 13)));
        var content = PayloadContent(b);
        events.Add(b.Next(BinlogEventType.TransactionPayload, TransactionPayloadBody(ZstdFrames.Compress(content), TransactionPayloadEvent.CompressionZstd, (ulong)content.Length)));
        events.Add(b.Next(BinlogEventType.GtidTagged, TaggedGtidBody(Source, "tag", 3, transactionLength: 100)));
        events.AddRange(TransactionBody().Select(e => b.Next(e.Type, e.Body)));
        events.Add(b.Next(BinlogEventType.AnonymousGtid, GtidBody(Guid.Empty, 0)));
        events.Add(b.Next(BinlogEventType.TransactionPayload, TransactionPayloadBody(content, TransactionPayloadEvent.CompressionNone, (ulong)content.Length)));
        events.Add(Event(BinlogEventType.HeartbeatV2, HeartbeatV2Body(File, (ulong)b.Position), 0, BinlogEventFlags.Artificial, checksums, 0));
        events.Add(b.Next((BinlogEventType)120, [1, 2, 3], BinlogEventFlags.Ignorable));
        events.Add(b.Rotate("binlog.000002", 4));
        return [.. events];
    }

    /// <summary>Events of every type, one each, as they follow the stream start of <see cref="Stream"/>.</summary>
    public static byte[][] SingleEvents(bool checksums = true)
    {
        var b = new BinlogEventBuilder(checksums) { Position = 200 };
        var content = PayloadContent(b);
        return
        [
            b.FormatDescription(),
            b.Rotate("binlog.000002", 4),
            b.Rotate(File, 4, artificial: true),
            b.Next(BinlogEventType.Query, QueryBody("shop", "CREATE TABLE x (id INT)", [.. StatusFlags2(1), .. StatusSqlMode(2), .. StatusCharset(33, 33, 8), .. StatusUpdatedDbNames("shop"), .. StatusDdlLoggedWithXid(3), .. StatusDefaultCollationForUtf8Mb4(255)])),
            b.Next(BinlogEventType.Xid, XidBody(1)),
            b.Next(BinlogEventType.TableMap, TableMap()),
            b.Next(BinlogEventType.WriteRowsV2, Write()),
            b.Next(BinlogEventType.UpdateRowsV2, Update()),
            b.Next(BinlogEventType.DeleteRowsV2, Delete()),
            b.Next(BinlogEventType.PartialUpdateRows, PartialUpdate()),
            b.Next(BinlogEventType.Gtid, GtidBody(Source, 11, 1, 2, 1_700_000_000_000_000, 1_600_000_000_000_000, 1000, 80403, 80036)),
            b.Next(BinlogEventType.AnonymousGtid, GtidBody(Guid.Empty, 0, immediateCommit: 1)),
            b.Next(BinlogEventType.GtidTagged, TaggedGtidBody(Source, "tag", 3, 1, 2, 5, 4, 100, 80403, 80300, 7)),
            b.Next(BinlogEventType.PreviousGtids, PreviousGtidsBody($"{Source:D}:1-10:12,{Source:D}:tag:1-2")),
            b.Next(BinlogEventType.TransactionPayload, TransactionPayloadBody(ZstdFrames.Compress(content), TransactionPayloadEvent.CompressionZstd, (ulong)content.Length)),
            b.Next(BinlogEventType.TransactionPayload, TransactionPayloadBody(content, TransactionPayloadEvent.CompressionNone, (ulong)content.Length)),
            Event(BinlogEventType.Heartbeat, Encoding.UTF8.GetBytes(File), 300, BinlogEventFlags.Artificial, checksums, 0),
            Event(BinlogEventType.HeartbeatV2, HeartbeatV2Body(File, 300), 0, BinlogEventFlags.Artificial, checksums, 0),
            b.Next(BinlogEventType.Incident, IncidentBody(1, "LOST_EVENTS")),
            b.Next((BinlogEventType)120, [1, 2, 3], BinlogEventFlags.Ignorable),
            b.Next((BinlogEventType)121, [1, 2, 3]),
        ];
    }
}
