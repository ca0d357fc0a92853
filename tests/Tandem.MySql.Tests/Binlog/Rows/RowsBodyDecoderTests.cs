using System.Text;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Rows;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Tests.Binlog.Builders;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogValueEncoder;
using static Tandem.MySql.Tests.Binlog.Builders.JsonBinaryWriter;

namespace Tandem.MySql.Tests.Binlog.Rows;

public sealed class RowsBodyDecoderTests
{
    private static readonly BinlogColumn[] Table =
    [
        new(ColumnType.Long, 0) { Name = "id" },
        new(ColumnType.VarChar, 400, false, Encoding.UTF8) { Name = "name" },
        new(ColumnType.NewDecimal, (10 << 8) | 2) { Name = "price" },
    ];

    private static readonly BinlogColumn[] JsonTable =
    [
        new(ColumnType.Long, 0) { Name = "id" },
        new(ColumnType.Json, 4) { Name = "doc" },
        new(ColumnType.Json, 4) { Name = "other" },
    ];

    private static byte[] Row(int id, string? name, string price) =>
        [.. Int32(id), .. (name is null ? [] : LengthPrefixed(name, Encoding.UTF8, 2)), .. Decimal(price, 10, 2)];

    [Fact]
    public void Write_rows_have_after_images_only()
    {
        var body = new RowsBodyBuilder(RowsEventKind.Write, 3)
            .Image(Int32(1), LengthPrefixed("a😀", Encoding.UTF8, 2), Decimal("1.50", 10, 2))
            .Image(Int32(2), null, Decimal("-3.00", 10, 2))
            .Build();

        var rows = RowsBodyDecoder.Decode(body, RowsEventKind.Write, Table);

        Assert.Equal(2, rows.Count);
        Assert.Null(rows[0].Before);
        Assert.Equal([1L, "a😀", "1.50"], rows[0].After!.Select(v => v is Protocol.Values.MySqlDecimal d ? d.ToString() : v));
        Assert.Null(rows[1].After![1]);
        Assert.Equal("-3.00", rows[1].After![2]!.ToString());
    }

    [Fact]
    public void Delete_rows_have_before_images_only()
    {
        var body = new RowsBodyBuilder(RowsEventKind.Delete, 3).Image(Int32(7), LengthPrefixed("x", Encoding.UTF8, 2), Decimal("0.01", 10, 2)).Build();
        var row = Assert.Single(RowsBodyDecoder.Decode(body, RowsEventKind.Delete, Table));
        Assert.Null(row.After);
        Assert.Equal(7L, row.Before![0]);
    }

    [Fact]
    public void Update_rows_pair_before_and_after_images()
    {
        var body = new RowsBodyBuilder(RowsEventKind.Update, 3)
            .Image(Int32(1), LengthPrefixed("old", Encoding.UTF8, 2), Decimal("1.00", 10, 2)).After(Int32(1), LengthPrefixed("new", Encoding.UTF8, 2), Decimal("2.00", 10, 2))
            .Image(Int32(2), null, Decimal("3.00", 10, 2)).After(Int32(2), LengthPrefixed("set", Encoding.UTF8, 2), Decimal("3.00", 10, 2))
            .Build();

        var rows = RowsBodyDecoder.Decode(body, RowsEventKind.Update, Table);

        Assert.Equal(2, rows.Count);
        Assert.Equal("old", rows[0].Before![1]);
        Assert.Equal("new", rows[0].After![1]);
        Assert.Null(rows[1].Before![1]);
        Assert.Equal("set", rows[1].After![1]);
    }

    [Fact]
    public void Minimal_images_mark_missing_columns_absent()
    {
        // binlog_row_image=MINIMAL: the before-image holds the key, the after-image only the changed column.
        var body = new RowsBodyBuilder(RowsEventKind.Update, 3, present: [true, false, false], presentAfter: [false, false, true])
            .Image(Int32(5)).After(Decimal("9.99", 10, 2))
            .Build();

        var row = Assert.Single(RowsBodyDecoder.Decode(body, RowsEventKind.Update, Table));

        Assert.Equal(5L, row.Before![0]);
        Assert.Same(ColumnValue.Absent, row.Before[1]);
        Assert.Same(ColumnValue.Absent, row.Before[2]);
        Assert.Same(ColumnValue.Absent, row.After![0]);
        Assert.Equal("9.99", row.After[2]!.ToString());
    }

    [Fact]
    public void Enumerate_yields_the_same_rows_one_at_a_time()
    {
        var body = new RowsBodyBuilder(RowsEventKind.Write, 3).Image(Int32(1), null, Decimal("1.00", 10, 2)).Image(Int32(2), null, Decimal("2.00", 10, 2)).Build();
        var rows = RowsBodyDecoder.Enumerate(body, RowsEventKind.Write, Table).ToList();
        Assert.Equal([1L, 2L], rows.Select(r => r.After![0]));
    }

    [Fact]
    public void A_column_count_that_differs_from_the_table_map_is_rejected()
    {
        var body = new RowsBodyBuilder(RowsEventKind.Write, 2).Image(Int32(1), null).Build();
        var error = Assert.Throws<MySqlProtocolException>(() => RowsBodyDecoder.Decode(body, RowsEventKind.Write, Table));
        Assert.Contains("2 columns but its TABLE_MAP has 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_value_names_the_row_and_column()
    {
        var body = new RowsBodyBuilder(RowsEventKind.Write, 3).Image(Int32(1), null, Decimal("1.00", 10, 2)).Image(Int32(2), LengthPrefixed("abc", Encoding.UTF8, 2), Decimal("2.00", 10, 2)).Build();
        var error = Assert.Throws<MySqlProtocolException>(() => RowsBodyDecoder.Decode(body.AsSpan(0, body.Length - 3), RowsEventKind.Write, Table));
        Assert.Contains("row 1 after-image, column 2 'price' (NewDecimal)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_an_image_with_no_present_columns_are_rejected_not_looped_on()
    {
        var body = new RowsBodyBuilder(RowsEventKind.Write, 3, present: [false, false, false]).Raw(0, 0, 0).Build();
        Assert.Throws<MySqlProtocolException>(() => RowsBodyDecoder.Decode(body, RowsEventKind.Write, Table));
    }

    [Fact]
    public void Partial_update_without_partial_json_carries_full_values()
    {
        var before = Document(Object(("a", 1)));
        var after = Document(Object(("a", 2)));
        var body = new RowsBodyBuilder(RowsEventKind.PartialUpdate, 3)
            .Image(Int32(1), LengthPrefixed(before, 4), null)
            .ValueOptions(0)
            .After(Int32(1), LengthPrefixed(after, 4), null)
            .Build();

        var row = Assert.Single(RowsBodyDecoder.Decode(body, RowsEventKind.PartialUpdate, JsonTable));

        Assert.Equal("{\"a\":1}", row.Before![1]);
        Assert.Equal("{\"a\":2}", row.After![1]);
    }

    [Fact]
    public void Partial_update_applies_replace_insert_and_remove_diffs_to_the_before_image()
    {
        var before = Document(Object(("a", 1), ("list", Array(1, 2)), ("gone", true)));
        var other = Document(Array("kept"));
        var diffs = RowsBodyBuilder.Diffs(
            RowsBodyBuilder.Diff(0, "$.a", Document("one")),
            RowsBodyBuilder.Diff(1, "$.list[1]", Document(1.5)),
            RowsBodyBuilder.Diff(2, "$.gone"));
        var body = new RowsBodyBuilder(RowsEventKind.PartialUpdate, 3)
            .Image(Int32(1), LengthPrefixed(before, 4), LengthPrefixed(other, 4))
            // The partial bitmap has one bit per JSON column of the table: the first JSON column is partial, the second is not.
            .ValueOptions(1, true, false)
            .After(Int32(1), diffs, LengthPrefixed(Document(Array("full")), 4))
            .Build();

        var row = Assert.Single(RowsBodyDecoder.Decode(body, RowsEventKind.PartialUpdate, JsonTable));

        Assert.Equal("{\"a\":\"one\",\"list\":[1,1.5,2]}", row.After![1]);
        Assert.Equal("[\"full\"]", row.After[2]);
        Assert.Equal("[\"kept\"]", row.Before![2]);
    }

    [Fact]
    public void Partial_bitmap_counts_json_columns_that_are_not_present()
    {
        var before = Document(Object(("a", 1)));
        // MINIMAL after-image: the first JSON column is absent, only the second is present, and it is the partial one.
        var body = new RowsBodyBuilder(RowsEventKind.PartialUpdate, 3, present: [true, true, true], presentAfter: [false, false, true])
            .Image(Int32(1), LengthPrefixed(before, 4), LengthPrefixed(before, 4))
            .ValueOptions(1, false, true)
            .After(RowsBodyBuilder.Diffs(RowsBodyBuilder.Diff(1, "$.b", Document(null))))
            .Build();

        var row = Assert.Single(RowsBodyDecoder.Decode(body, RowsEventKind.PartialUpdate, JsonTable));

        Assert.Same(ColumnValue.Absent, row.After![1]);
        Assert.Equal("{\"a\":1,\"b\":null}", row.After[2]);
    }

    [Fact]
    public void Partial_diff_without_a_before_value_is_rejected()
    {
        var body = new RowsBodyBuilder(RowsEventKind.PartialUpdate, 3)
            .Image(Int32(1), null, null)
            .ValueOptions(1, true, false)
            .After(Int32(1), RowsBodyBuilder.Diffs(RowsBodyBuilder.Diff(2, "$.a")), null)
            .Build();
        var error = Assert.Throws<MySqlProtocolException>(() => RowsBodyDecoder.Decode(body, RowsEventKind.PartialUpdate, JsonTable));
        Assert.Contains("before-image value, but it is NULL", error.Message, StringComparison.Ordinal);
    }
}
