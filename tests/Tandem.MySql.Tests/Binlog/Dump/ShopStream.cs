using System.Text;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Tests.Binlog.Builders;
using Tandem.MySql.Tests.Binlog.Compression;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogEventBuilder;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogValueEncoder;
using RowsKind = Tandem.MySql.Binlog.Rows.RowsEventKind;

namespace Tandem.MySql.Tests.Binlog.Dump;

/// <summary>
/// The binlog the capture tests read, after a start set of <see cref="StartSet"/>: PREVIOUS_GTIDS, then
/// T1 (GTID :6, BEGIN, TABLE_MAP, WRITE_ROWS v2, XID), T2 (tagged GTID :tag_a:4, two rows), T3 (GTID :7 and a zstd
/// TRANSACTION_PAYLOAD), T4 (GTID :8, CREATE TABLE), an idle heartbeat, and T5 (GTID :9, one row). shop.items is
/// id INT UNSIGNED PRIMARY KEY, name VARCHAR(100) utf8mb4 NULL, logged with binlog_row_metadata=MINIMAL (no column
/// names), so its names and key come from information_schema.
/// </summary>
internal sealed class ShopStream
{
    public const string Uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    public const string StartSet = "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:tag_a:1-3";
    public const ulong TableId = 101;

    public static readonly Guid Source = Guid.Parse(Uuid);

    public ShopStream()
    {
        var b = Binlog.Builder;
        Binlog.Add(BinlogEventType.PreviousGtids, PreviousGtidsBody(StartSet));

        Binlog.Add(BinlogEventType.Gtid, GtidBody(Source, 6, immediateCommit: 1_700_000_001_000_000, transactionLength: 300, immediateVersion: 80403));
        Binlog.Add(BinlogEventType.Query, QueryBody("shop", "BEGIN"));
        Binlog.Add(BinlogEventType.TableMap, ItemsMap());
        Binlog.Add(BinlogEventType.WriteRowsV2, Insert((1, "alpha")));
        T1End = Binlog.Add(BinlogEventType.Xid, XidBody(11));

        Binlog.Add(BinlogEventType.GtidTagged, TaggedGtidBody(Source, "tag_a", 4, immediateCommit: 1_700_000_002_000_000, transactionLength: 300));
        Binlog.Add(BinlogEventType.Query, QueryBody("shop", "BEGIN"));
        T2TableMapEnd = Binlog.Add(BinlogEventType.TableMap, ItemsMap());
        Binlog.Add(BinlogEventType.WriteRowsV2, Insert((2, "béta"), (3, null)));
        T2End = Binlog.Add(BinlogEventType.Xid, XidBody(12));

        Binlog.Add(BinlogEventType.Gtid, GtidBody(Source, 7, immediateCommit: 1_700_000_003_000_000));
        byte[] inner =
        [
            .. b.Inner(BinlogEventType.Query, QueryBody("shop", "BEGIN")),
            .. b.Inner(BinlogEventType.TableMap, ItemsMap()),
            .. b.Inner(BinlogEventType.WriteRowsV2, Insert((4, "gamma"))),
            .. b.Inner(BinlogEventType.Xid, XidBody(13)),
        ];
        T3End = Binlog.Add(BinlogEventType.TransactionPayload, TransactionPayloadBody(ZstdFrames.Compress(inner), TransactionPayloadEvent.CompressionZstd, (ulong)inner.Length));

        Binlog.Add(BinlogEventType.Gtid, GtidBody(Source, 8, immediateCommit: 1_700_000_004_000_000));
        T4End = Binlog.Add(BinlogEventType.Query, QueryBody("shop", "CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)", [.. DefaultStatus(), .. StatusDdlLoggedWithXid(14)]));

        Binlog.Heartbeat();

        Binlog.Add(BinlogEventType.Gtid, GtidBody(Source, 9, immediateCommit: 1_700_000_005_000_000));
        Binlog.Add(BinlogEventType.Query, QueryBody("shop", "BEGIN"));
        Binlog.Add(BinlogEventType.TableMap, ItemsMap());
        Binlog.Add(BinlogEventType.WriteRowsV2, Insert((5, "epsilon")));
        T5End = Binlog.Add(BinlogEventType.Xid, XidBody(15));
    }

    public MySql84Binlog Binlog { get; } = new();

    public long T1End { get; }

    /// <summary>Where T2's TABLE_MAP ends: a connection cut here leaves T2 half read.</summary>
    public long T2TableMapEnd { get; }

    public long T2End { get; }

    public long T3End { get; }

    public long T4End { get; }

    public long T5End { get; }

    /// <summary>shop.items as MySQL 8.4 maps it with binlog_row_metadata=MINIMAL: types, metadata, NULL-ability, signedness, charset.</summary>
    private static byte[] ItemsMap() => TableMapBody(TableId, "shop", "items", [3, 15], [.. LittleEndian(400, 2)], [false, true], Signedness(true), DefaultCharset(255));

    private static byte[] Insert(params (uint Id, string? Name)[] rows)
    {
        var body = new RowsBodyBuilder(RowsKind.Write, 2);
        foreach (var (id, name) in rows)
        {
            body.Image(Int32(id), name is null ? null : LengthPrefixed(name, Encoding.UTF8, 2));
        }

        return RowsBody(TableId, body.Build());
    }
}
