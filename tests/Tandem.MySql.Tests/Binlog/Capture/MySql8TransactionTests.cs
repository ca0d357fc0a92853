using System.Globalization;
using System.Text;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Tests.Binlog.Builders;
using Tandem.MySql.Tests.Binlog.Compression;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogEventBuilder;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogValueEncoder;
using static Tandem.MySql.Tests.Binlog.Builders.JsonBinaryWriter;
using RowsKind = Tandem.MySql.Binlog.Rows.RowsEventKind;

namespace Tandem.MySql.Tests.Binlog.Capture;

/// <summary>
/// Whole MySQL 8.4 transactions, as bytes a server would send, through the decoder, the payload reader and the
/// assembler: what comes out is the transaction with its exact values, GTID and resume position.
/// </summary>
public sealed class MySql8TransactionTests
{
    private const ulong TableId = 91;
    private static readonly Guid Source = Guid.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562");

    /// <summary>shop.items: id INT UNSIGNED PK, name VARCHAR(100) utf8mb4, size ENUM('s','m','l'), price DECIMAL(10,2), created DATETIME(6), doc JSON.</summary>
    private static byte[] ItemsMap(ulong tableId = TableId) => TableMapBody(
        tableId,
        "shop",
        "items",
        [3, 15, 254, 246, 18, 245],
        [.. LittleEndian(400, 2), 0xF7, 1, 10, 2, 6, 4],
        [false, true, true, true, true, true],
        Signedness(true, false),
        DefaultCharset(255),
        ColumnNames("id", "name", "size", "price", "created", "doc"),
        EnumValues(["s", "m", "l"]),
        SimplePrimaryKey(0),
        ColumnVisibility(true, true, true, true, true, true));

    private static byte[]?[] ItemRow(uint id, string name) =>
    [
        Int32(id), LengthPrefixed(name, Encoding.UTF8, 2), [2], Decimal("1234.50", 10, 2), DateTime2(2024, 5, 6, 7, 8, 9, 123456, 6),
        LengthPrefixed(Document(Object(("a", Array(1, "two")))), 4),
    ];

    private static byte[] ItemsInsert(params byte[]?[][] rows)
    {
        var body = new RowsBodyBuilder(RowsKind.Write, 6);
        foreach (var row in rows)
        {
            body.Image(row);
        }

        return RowsBody(TableId, body.Build(), flags: 1, extraData: PartitionInfo(0));
    }

    private static async Task<List<Change>> ChangesOf(BinlogTransaction transaction)
    {
        var changes = new List<Change>();
        await foreach (var change in transaction.ReadChangesAsync())
        {
            changes.Add(change);
        }

        return changes;
    }

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;

    [Fact]
    public async Task A_GTID_transaction_with_full_row_metadata_yields_its_rows_with_names_from_the_event()
    {
        await using var harness = new CaptureHarness();
        var b = harness.Builder;

        var done = await harness.FeedAsync(
            b.Next(BinlogEventType.Gtid, GtidBody(Source, 42, immediateCommit: 1_700_000_000_123_000, transactionLength: 500, immediateVersion: 80403)),
            b.Next(BinlogEventType.Query, QueryBody("shop", "BEGIN")),
            b.Next(BinlogEventType.TableMap, ItemsMap()),
            b.Next(BinlogEventType.WriteRowsV2, ItemsInsert(ItemRow(4_000_000_000, "widget 😀"), ItemRow(7, "bolt"))));
        Assert.Empty(done);
        var xidEnd = b.Position + 19 + 8 + 4;
        done = await harness.FeedAsync(b.Next(BinlogEventType.Xid, XidBody(1001)));

        var transaction = Assert.Single(done);
        Assert.Equal($"{Source:D}:42", transaction.Gtid);
        Assert.Equal("1", transaction.OriginServer);
        Assert.False(transaction.OriginTagged);
        Assert.Equal(new BinlogPosition(CaptureHarness.File, xidEnd, null), transaction.Position);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), transaction.CommitTime);
        var changes = await ChangesOf(transaction);
        Assert.Equal(2, changes.Count);
        var first = Assert.IsType<RowChange>(changes[0]);
        Assert.Equal(ChangeKind.Insert, first.Kind);
        Assert.Equal("items", first.Table.Name);
        Assert.Equal(["id", "name", "size", "price", "created", "doc"], first.Table.Columns.Select(c => c.Name));
        Assert.Equal(["id"], first.Table.Indexes.Single(i => i.IsPrimary).Columns);
        Assert.Null(first.Before);
        Assert.Equal(4_000_000_000ul, first.After![0]);
        Assert.Equal("widget 😀", first.After[1]);
        Assert.Equal("m", Text(first.After[2]));
        Assert.Equal("1234.50", Text(first.After[3]));
        Assert.Equal("2024-05-06 07:08:09.123456", Text(first.After[4]));
        Assert.Equal("{\"a\":[1,\"two\"]}", Text(first.After[5]));
        Assert.Equal(7ul, ((RowChange)changes[1]).After![0]);
    }

    [Fact]
    public async Task A_compressed_transaction_payload_yields_the_same_transaction_positioned_after_the_payload()
    {
        await using var harness = new CaptureHarness();
        var b = harness.Builder;
        byte[] inner =
        [
            .. b.Inner(BinlogEventType.Query, QueryBody("shop", "BEGIN")),
            .. b.Inner(BinlogEventType.TableMap, ItemsMap()),
            .. b.Inner(BinlogEventType.WriteRowsV2, ItemsInsert(ItemRow(5, "nut"))),
            .. b.Inner(BinlogEventType.Xid, XidBody(77)),
        ];
        var gtid = b.Next(BinlogEventType.Gtid, GtidBody(Source, 8, immediateCommit: 1_000_000));
        var payloadStart = b.Position;
        var payload = b.Next(BinlogEventType.TransactionPayload, TransactionPayloadBody(ZstdFrames.Compress(inner), TransactionPayloadEvent.CompressionZstd, (ulong)inner.Length));

        var done = await harness.FeedAsync(gtid, payload);

        var transaction = Assert.Single(done);
        Assert.Equal($"{Source:D}:8", transaction.Gtid);
        Assert.Equal(new BinlogPosition(CaptureHarness.File, payloadStart + payload.Length, null), transaction.Position);
        var row = Assert.IsType<RowChange>(Assert.Single(await ChangesOf(transaction)));
        Assert.Equal([5ul, "nut"], row.After![..2]);
        Assert.Equal(payloadStart + payload.Length, harness.Decoder.NextOffset);
    }

    [Fact]
    public async Task An_uncompressed_transaction_payload_is_read_as_is()
    {
        await using var harness = new CaptureHarness();
        var b = harness.Builder;
        byte[] inner =
        [
            .. b.Inner(BinlogEventType.Query, QueryBody("shop", "BEGIN")),
            .. b.Inner(BinlogEventType.TableMap, ItemsMap()),
            .. b.Inner(BinlogEventType.WriteRowsV2, ItemsInsert(ItemRow(6, "washer"))),
            .. b.Inner(BinlogEventType.Xid, XidBody(78)),
        ];

        var done = await harness.FeedAsync(
            b.Next(BinlogEventType.Gtid, GtidBody(Source, 9)),
            b.Next(BinlogEventType.TransactionPayload, TransactionPayloadBody(inner, TransactionPayloadEvent.CompressionNone, (ulong)inner.Length)));

        var row = Assert.IsType<RowChange>(Assert.Single(await ChangesOf(Assert.Single(done))));
        Assert.Equal("washer", row.After![1]);
    }

    [Fact]
    public async Task A_truncated_transaction_payload_is_corrupt_at_the_payload_position()
    {
        await using var harness = new CaptureHarness();
        var b = harness.Builder;
        byte[] inner = [.. b.Inner(BinlogEventType.Query, QueryBody("shop", "BEGIN")), .. b.Inner(BinlogEventType.Xid, XidBody(78))];
        var frame = ZstdFrames.Compress(inner);
        var gtid = b.Next(BinlogEventType.Gtid, GtidBody(Source, 9));
        var start = b.Position;
        var payload = b.Next(BinlogEventType.TransactionPayload, TransactionPayloadBody(frame[..^6], TransactionPayloadEvent.CompressionZstd, (ulong)inner.Length));

        var ex = await Assert.ThrowsAsync<BinlogCorruptException>(() => harness.FeedAsync(gtid, payload));

        Assert.Equal($"{CaptureHarness.File}:{start}", ex.Position);
    }

    [Fact]
    public async Task A_partial_JSON_update_yields_the_full_document_after_the_diffs()
    {
        await using var harness = new CaptureHarness();
        var b = harness.Builder;
        var map = TableMapBody(5, "shop", "docs", [3, 245], [4], [false, true], Signedness(false), ColumnNames("id", "doc"), SimplePrimaryKey(0));
        var before = Document(Object(("a", Array(1, 2)), ("b", "x")));
        var body = new RowsBodyBuilder(RowsKind.PartialUpdate, 2)
            .Image(Int32(1), LengthPrefixed(before, 4))
            .ValueOptions(1, true)
            .After(Int32(1), RowsBodyBuilder.Diffs(
                RowsBodyBuilder.Diff(0, "$.a[1]", Document(3)),
                RowsBodyBuilder.Diff(1, "$.c", Document(true)),
                RowsBodyBuilder.Diff(2, "$.b")))
            .Build();

        var done = await harness.FeedAsync(
            b.Next(BinlogEventType.Gtid, GtidBody(Source, 1)),
            b.Next(BinlogEventType.Query, QueryBody("shop", "BEGIN")),
            b.Next(BinlogEventType.TableMap, map),
            b.Next(BinlogEventType.PartialUpdateRows, RowsBody(5, body)),
            b.Next(BinlogEventType.Xid, XidBody(2)));

        var row = Assert.IsType<RowChange>(Assert.Single(await ChangesOf(Assert.Single(done))));
        Assert.Equal(ChangeKind.Update, row.Kind);
        Assert.Equal("{\"a\":[1,2],\"b\":\"x\"}", Text(row.Before![1]));
        Assert.Equal("{\"a\":[1,3],\"c\":true}", Text(row.After![1]));
    }

    [Fact]
    public async Task A_DDL_transaction_without_BEGIN_yields_the_statement_and_changes_the_tracked_schema()
    {
        await using var harness = new CaptureHarness();
        var b = harness.Builder;
        byte[] status = [.. DefaultStatus(), .. StatusDdlLoggedWithXid(55)];
        var gtid = b.Next(BinlogEventType.Gtid, GtidBody(Source, 3));
        var query = b.Next(BinlogEventType.Query, QueryBody("shop", "CREATE TABLE parts (id INT PRIMARY KEY, label VARCHAR(20))", status));

        var done = await harness.FeedAsync(gtid, query);

        var transaction = Assert.Single(done);
        Assert.Equal(b.Position, ((BinlogPosition)transaction.Position).Offset);
        Assert.Equal($"{Source:D}:3", transaction.Gtid);
        var ddl = Assert.IsType<DdlChange>(Assert.Single(await ChangesOf(transaction)));
        Assert.Equal(("shop", "parts"), (ddl.Database, ddl.Table));
        var table = await harness.Schema.FindAsync("shop", "parts", harness.Decoder.Decode(b.Next(BinlogEventType.Xid, XidBody(1))), CancellationToken.None);
        Assert.Equal(["id", "label"], table!.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task A_tagged_GTID_opens_the_transaction_and_names_it()
    {
        await using var harness = new CaptureHarness(gtids: $"{Source:D}:1-10");
        var b = harness.Builder;

        var done = await harness.FeedAsync(
            b.Next(BinlogEventType.GtidTagged, TaggedGtidBody(Source, "Nightly", 4, immediateCommit: 1_700_000_001_000_000)),
            b.Next(BinlogEventType.Query, QueryBody("shop", "BEGIN")),
            b.Next(BinlogEventType.TableMap, ItemsMap()),
            b.Next(BinlogEventType.WriteRowsV2, ItemsInsert(ItemRow(1, "a"))),
            b.Next(BinlogEventType.Xid, XidBody(3)));

        var transaction = Assert.Single(done);
        Assert.Equal($"{Source:D}:nightly:4", transaction.Gtid);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001), transaction.CommitTime);
        Assert.Equal(MySqlGtidSet.Parse($"{Source:D}:1-10,{Source:D}:nightly:4").ToString(), ((BinlogPosition)transaction.Position).Gtids);
    }

    [Fact]
    public async Task The_GTID_set_accumulates_across_transactions()
    {
        var other = Guid.Parse("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        await using var harness = new CaptureHarness(gtids: $"{Source:D}:1-10");
        var b = harness.Builder;
        var positions = new List<string?>();
        foreach (var (sid, gno) in new[] { (Source, 11L), (Source, 12L), (other, 1L), (Source, 14L) })
        {
            var done = await harness.FeedAsync(
                b.Next(BinlogEventType.Gtid, GtidBody(sid, gno)),
                b.Next(BinlogEventType.Query, QueryBody("shop", "BEGIN")),
                b.Next(BinlogEventType.Xid, XidBody((ulong)gno)));
            positions.Add(((BinlogPosition)Assert.Single(done).Position).Gtids);
        }

        Assert.Equal(
            [
                MySqlGtidSet.Parse($"{Source:D}:1-11").ToString(),
                MySqlGtidSet.Parse($"{Source:D}:1-12").ToString(),
                MySqlGtidSet.Parse($"{Source:D}:1-12,{other:D}:1").ToString(),
                MySqlGtidSet.Parse($"{Source:D}:1-12:14,{other:D}:1").ToString(),
            ],
            positions);
    }

    [Fact]
    public async Task An_incident_stops_the_stream_with_what_to_do()
    {
        await using var harness = new CaptureHarness();
        var b = harness.Builder;
        var start = b.Position;

        var ex = await Assert.ThrowsAsync<BinlogIncidentException>(() => harness.FeedAsync(b.Next(BinlogEventType.Incident, IncidentBody(1, "LOST_EVENTS"))));

        Assert.Equal($"{CaptureHarness.File}:{start}", ex.Position);
        Assert.Equal(1, ex.Incident);
        Assert.Contains("LOST_EVENTS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_that_cannot_be_decoded_when_read_are_corrupt_at_the_rows_event()
    {
        await using var harness = new CaptureHarness();
        var b = harness.Builder;
        var rows = ItemsInsert(ItemRow(1, "a"));
        var gtid = b.Next(BinlogEventType.Gtid, GtidBody(Source, 1));
        var begin = b.Next(BinlogEventType.Query, QueryBody("shop", "BEGIN"));
        var map = b.Next(BinlogEventType.TableMap, ItemsMap());
        var rowsStart = b.Position;
        var write = b.Next(BinlogEventType.WriteRowsV2, rows[..^10]);

        var transaction = Assert.Single(await harness.FeedAsync(gtid, begin, map, write, b.Next(BinlogEventType.Xid, XidBody(1))));

        var ex = await Assert.ThrowsAsync<BinlogCorruptException>(() => ChangesOf(transaction));
        Assert.Equal($"{CaptureHarness.File}:{rowsStart}", ex.Position);
    }
}
