using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Binlog.Rows;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Tests.Binlog.Builders;
using Tandem.MySql.Tests.Fuzz;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogValueEncoder;
using static Tandem.MySql.Tests.Binlog.Builders.JsonBinaryWriter;

namespace Tandem.MySql.Tests.Binlog.Rows;

/// <summary>Rows bodies, column values and TABLE_MAP metadata, mutated and truncated, decode or throw a MySqlException.</summary>
public sealed class RowsFuzzTests
{
    private static readonly BinlogColumn[] Table =
    [
        new(ColumnType.Tiny, 0),
        new(ColumnType.Int24, 0),
        new(ColumnType.LongLong, 0, unsigned: true),
        new(ColumnType.VarChar, 400, false, Encoding.UTF8),
        new(ColumnType.NewDecimal, (65 << 8) | 30),
        new(ColumnType.DateTime2, 6),
        new(ColumnType.Time2, 3),
        new(ColumnType.Timestamp2, 2),
        new(ColumnType.Json, 4),
        new(ColumnType.Enum, 1, false, Encoding.UTF8, ["a", "b"]),
        new(ColumnType.Set, 1, false, Encoding.UTF8, ["x", "y", "z"]),
        new(ColumnType.Bit, 12),
        new(ColumnType.Blob, 2),
        new(ColumnType.Geometry, 4),
        new(ColumnType.String, 300, false, Encoding.UTF8),
        new(ColumnType.Date, 0),
        new(ColumnType.Year, 0),
        new(ColumnType.Double, 8),
    ];

    private static readonly byte[] JsonDoc = Document(Object(("a", Array(1, "two", 3.5, null)), ("b", Object(("c", new OpaqueValue(246, [5, 2, .. Decimal("1.50", 5, 2)]))))));

    private static byte[][] Values(int i) =>
    [
        [(byte)i], Int24(-i), UInt64(ulong.MaxValue - (ulong)i), LengthPrefixed($"name {i} 😀", Encoding.UTF8, 2),
        Decimal($"-{i}.5", 65, 30), DateTime2(2020, 1, i % 28, 1, 2, 3, 456789, 6), Time2(true, i, 2, 3, 4000, 3), Timestamp2(1_700_000_000, 10_000, 2),
        LengthPrefixed(JsonDoc, 4), [2], [0b101], BigEndian(0xABC, 2), LengthPrefixed([1, 2, 3], 2),
        LengthPrefixed([.. Int32(0), 1, 1, 0, 0, 0, .. Double(1), .. Double(2)], 4), LengthPrefixed("char", Encoding.UTF8, 2),
        Date(2024, 2, 29), [124], Double(i / 3.0),
    ];

    private static readonly byte[][] Seeds = BuildSeeds();

    private static byte[][] BuildSeeds()
    {
        var n = Table.Length;
        var write = new RowsBodyBuilder(RowsEventKind.Write, n).Image(Values(1)).Image(Values(2)).Build();
        var update = new RowsBodyBuilder(RowsEventKind.Update, n).Image(Values(1)).After(Values(2)).Build();
        var someNull = Values(3).Select((v, i) => i % 3 == 0 ? null : v).ToArray();
        var delete = new RowsBodyBuilder(RowsEventKind.Delete, n).Image(someNull).Build();
        var present = Enumerable.Range(0, n).Select(i => i is 0 or 8).ToArray();
        var partial = new RowsBodyBuilder(RowsEventKind.PartialUpdate, n, present, present)
            .Image([1], LengthPrefixed(JsonDoc, 4))
            .ValueOptions(1, true)
            .After([1], RowsBodyBuilder.Diffs(RowsBodyBuilder.Diff(0, "$.a[1]", Document("x")), RowsBodyBuilder.Diff(1, "$.\"new key\"", Document(Array())), RowsBodyBuilder.Diff(2, "$.b.c")))
            .Build();
        return [write, update, delete, partial];
    }

    private static readonly RowsEventKind[] Kinds = [RowsEventKind.Write, RowsEventKind.Update, RowsEventKind.Delete, RowsEventKind.PartialUpdate];

    [Fact]
    public void Seeds_decode()
    {
        for (var i = 0; i < Seeds.Length; i++)
        {
            var rows = RowsBodyDecoder.Decode(Seeds[i], Kinds[i], Table);
            Assert.NotEmpty(rows);
        }

        var partialRow = RowsBodyDecoder.Decode(Seeds[3], RowsEventKind.PartialUpdate, Table)[0];
        Assert.Equal("{\"a\":[1,\"x\",3.5,null],\"b\":{},\"new key\":[]}", partialRow.After![8]);
    }

    [Fact]
    public void Mutated_rows_bodies_decode_or_are_rejected()
    {
        var property = Prop.ForAll(Gen.Elements(Kinds).ToArbitrary(), PayloadMutator.Mutants(Seeds).ToArbitrary(), (RowsEventKind kind, byte[] body) =>
            FuzzOutcome.ParsesOrRejects($"RowsBodyDecoder {kind}", body, b => Describe(RowsBodyDecoder.Decode(b, kind, Table))));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), property);
    }

    [Fact]
    public void Every_truncation_of_every_seed_is_rejected_or_decodes()
    {
        for (var i = 0; i < Seeds.Length; i++)
        {
            for (var length = 0; length < Seeds[i].Length; length++)
            {
                FuzzOutcome.ParsesOrRejects($"RowsBodyDecoder {Kinds[i]}", Seeds[i].AsSpan(0, length), b => Describe(RowsBodyDecoder.Decode(b, Kinds[i], Table)));
            }
        }
    }

    private static Gen<byte[]> ValueBytes { get; } = PayloadMutator.Mutants([.. Values(1), .. Values(7), [], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]]);

    [Fact]
    public void Any_column_from_any_table_map_entry_decodes_any_bytes_or_rejects_them()
    {
        var columns =
            from type in Gen.OneOf(Gen.Elements(Enum.GetValues<ColumnType>()), Gen.Choose(0, 255).Select(i => (ColumnType)i))
            from metadata in Gen.OneOf(Gen.Choose(0, 0xFFFF), Gen.Elements(0, 1, 2, 3, 4, 6, 8, 255, 256, 400, 0xF701, 0xF808, 0xEE90, (65 << 8) | 30, 0x0108))
            from unsigned in Gen.Elements(false, true)
            from binary in Gen.Elements(false, true)
            select (Type: (byte)type, Metadata: (ushort)metadata, Unsigned: unsigned, Binary: binary);
        var property = Prop.ForAll(columns.ToArbitrary(), ValueBytes.ToArbitrary(), (c, value) =>
            FuzzOutcome.ParsesOrRejects($"RowValueDecoder type {c.Type} metadata 0x{c.Metadata:X4}", value, v =>
            {
                var column = TableMapMetadata.Resolve(c.Type, c.Metadata, c.Unsigned, c.Binary ? null : Encoding.UTF8, ["l1", "l2", "l3"]);
                var reader = new PayloadReader(v, "fuzzed value");
                Describe(RowValueDecoder.Decode(ref reader, column));
                Assert.InRange(reader.Offset, 0, v.Length);
            }));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(6000), property);
    }

    [Fact]
    public void Any_table_map_metadata_block_is_read_or_rejected()
    {
        var types = Gen.OneOf(Gen.Elements(Enum.GetValues<ColumnType>()).Select(t => (byte)t), Gen.Choose(0, 255).Select(i => (byte)i)).ArrayOf();
        var property = Prop.ForAll(types.ToArbitrary(), PayloadMutator.Noise.ToArbitrary(), (t, block) =>
            FuzzOutcome.ParsesOrRejects("TableMapMetadata.Read", block, b =>
            {
                var metadata = TableMapMetadata.Read(t, b);
                for (var i = 0; i < t.Length; i++)
                {
                    _ = TableMapMetadata.Resolve(t[i], metadata[i], false, null, []);
                }
            }));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), property);
    }

    private static void Describe(object value) => Assert.NotNull(value is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : value.ToString());

    private static void Describe(List<RowImages> rows)
    {
        foreach (var row in rows)
        {
            foreach (var v in (object?[])[.. row.Before ?? [], .. row.After ?? []])
            {
                if (v is not null)
                {
                    Describe(v);
                }
            }
        }
    }
}
