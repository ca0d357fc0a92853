using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Tests.Fuzz;

/// <summary>The text and binary value decoders, fed any bytes for any column type, return a value or throw a MySqlException.</summary>
public sealed class ValueDecoderFuzzTests
{
    /// <summary>Valid text and binary values of many types, as seeds for mutation.</summary>
    private static readonly byte[][] ValueSeeds =
    [
        "0"u8.ToArray(), "-9223372036854775808"u8.ToArray(), "18446744073709551615"u8.ToArray(), "2155"u8.ToArray(),
        "1.5e-300"u8.ToArray(), "-3.4028235e38"u8.ToArray(), "-12345678901234567890.123456789"u8.ToArray(),
        "2024-02-29"u8.ToArray(), "0000-00-00 00:00:00"u8.ToArray(), "9999-12-31 23:59:59.999999"u8.ToArray(),
        "-838:59:59.000000"u8.ToArray(), "12:00:00"u8.ToArray(), "{\"a\": [1, 2]}"u8.ToArray(),
        [0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0x40], // GEOMETRY: SRID + WKB POINT
        [4, 0xE8, 0x07, 2, 29], [7, 0xE8, 0x07, 2, 29, 23, 59, 59], [11, 0xE8, 0x07, 2, 29, 23, 59, 59, 0x3F, 0x42, 0x0F, 0],
        [8, 1, 34, 0, 0, 0, 22, 59, 59], [12, 0, 0, 0, 0, 0, 1, 2, 3, 0x3F, 0x42, 0x0F, 0],
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0x00], [],
    ];

    private static readonly ColumnType[] Types = Enum.GetValues<ColumnType>();

    private static Gen<ColumnDefinition> Columns { get; } =
        from type in Gen.OneOf(Gen.Elements(Types), Gen.Choose(0, 255).Select(i => (ColumnType)i))
        from unsigned in Gen.Elements(false, true)
        from charset in Gen.Elements<ushort>(45, 63, 8, 33, 35, 56, 60, 255, 0, 65535)
        from decimals in Gen.OneOf(Gen.Choose(0, 6), Gen.Elements(31, 39, 255))
        select new ColumnDefinition
        {
            Schema = "db",
            Table = "t",
            OriginalTable = "t",
            Name = "c",
            OriginalName = "c",
            CharacterSet = charset,
            ColumnLength = 255,
            Type = type,
            Flags = unsigned ? ColumnFlags.Unsigned : ColumnFlags.None,
            Decimals = (byte)decimals,
        };

    [Fact]
    public void Text_decoder_returns_a_value_or_rejects_any_bytes_for_any_column()
    {
        var property = Prop.ForAll(Columns.ToArbitrary(), PayloadMutator.Mutants(ValueSeeds).ToArbitrary(), (ColumnDefinition column, byte[] value) =>
        {
            FuzzOutcome.ParsesOrRejects($"TextValueDecoder for {column.Type} decimals {column.Decimals} charset {column.CharacterSet}", value, v =>
                Describe(TextValueDecoder.Decode(column, v)));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(4000), property);
    }

    [Fact]
    public void Binary_decoder_returns_a_value_or_rejects_any_bytes_for_any_column_and_stays_inside_its_value()
    {
        var property = Prop.ForAll(Columns.ToArbitrary(), PayloadMutator.Mutants(ValueSeeds).ToArbitrary(), (ColumnDefinition column, byte[] value) =>
        {
            FuzzOutcome.ParsesOrRejects($"BinaryValueDecoder for {column.Type} decimals {column.Decimals} charset {column.CharacterSet}", value, v =>
            {
                var reader = new PayloadReader(v, "binary row");
                Describe(BinaryValueDecoder.Decode(column, ref reader));
                Assert.InRange(reader.Offset, 0, v.Length);
            });
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(4000), property);
    }

    [Fact]
    public void Every_type_and_every_truncation_of_every_seed_decodes_or_is_rejected()
    {
        var checks = 0;
        foreach (var type in Types)
        {
            foreach (var unsigned in new[] { false, true })
            {
                var column = Columns.Sample(1, 1).Single();
                column = new ColumnDefinition
                {
                    Schema = column.Schema,
                    Table = column.Table,
                    OriginalTable = column.OriginalTable,
                    Name = column.Name,
                    OriginalName = column.OriginalName,
                    CharacterSet = 45,
                    ColumnLength = 255,
                    Type = type,
                    Flags = unsigned ? ColumnFlags.Unsigned : ColumnFlags.None,
                    Decimals = 31,
                };
                foreach (var seed in ValueSeeds)
                {
                    for (var length = 0; length <= seed.Length; length++)
                    {
                        FuzzOutcome.ParsesOrRejects($"TextValueDecoder for {type}", seed.AsSpan(0, length), v => Describe(TextValueDecoder.Decode(column, v)));
                        FuzzOutcome.ParsesOrRejects($"BinaryValueDecoder for {type}", seed.AsSpan(0, length), v =>
                        {
                            var reader = new PayloadReader(v);
                            Describe(BinaryValueDecoder.Decode(column, ref reader));
                        });
                        checks++;
                    }
                }
            }
        }

        Assert.True(checks > 5000, $"only {checks} checks ran");
    }

    /// <summary>Formats the value as a caller would show it, so a value that cannot be printed also counts as a failure.</summary>
    private static void Describe(object value) => Assert.NotNull(value is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : value.ToString());
}
