using System.Text;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Tests.Values;

public sealed class TextValueDecoderTests
{
    private static object Decode(ColumnDefinition column, string ascii) => TextValueDecoder.Decode(column, Encoding.ASCII.GetBytes(ascii));

    [Fact]
    public void Bigint_unsigned_max_and_bigint_min_are_exact()
    {
        Assert.Equal(ulong.MaxValue, Decode(Columns.Unsigned(ColumnType.LongLong), "18446744073709551615"));
        Assert.Equal(long.MinValue, Decode(Columns.Of(ColumnType.LongLong), "-9223372036854775808"));
        Assert.Equal(long.MaxValue, Decode(Columns.Of(ColumnType.LongLong), "9223372036854775807"));
    }

    [Theory]
    [InlineData(ColumnType.Tiny, "-128", -128L)]
    [InlineData(ColumnType.Short, "00042", 42L)]
    [InlineData(ColumnType.Int24, "-8388608", -8388608L)]
    [InlineData(ColumnType.Long, "2147483647", 2147483647L)]
    public void Signed_integers_become_long(ColumnType type, string text, long expected) =>
        Assert.Equal(expected, Decode(Columns.Of(type), text));

    [Theory]
    [InlineData("18446744073709551616", true)]
    [InlineData("9223372036854775808", false)]
    [InlineData("-9223372036854775809", false)]
    [InlineData("-1", true)]
    [InlineData("", false)]
    [InlineData("1.0", false)]
    [InlineData(" 1", false)]
    public void Out_of_range_or_malformed_integers_throw_protocol_error_naming_column(string text, bool unsigned)
    {
        var column = unsigned ? Columns.Unsigned(ColumnType.LongLong) : Columns.Of(ColumnType.LongLong);
        var ex = Assert.Throws<MySqlProtocolException>(() => Decode(column, text));
        Assert.Contains("'c'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_value_in_message_is_truncated()
    {
        var ex = Assert.Throws<MySqlProtocolException>(() => Decode(Columns.Of(ColumnType.Long), new string('x', 500)));
        Assert.DoesNotContain(new string('x', 65), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Floating_point_parses_invariantly_and_keeps_negative_zero()
    {
        Assert.Equal(3.14159f, Decode(Columns.Of(ColumnType.Float), "3.14159"));
        Assert.Equal(1.7976931348623157E+308, Decode(Columns.Of(ColumnType.Double), "1.7976931348623157e308"));
        var negativeZero = (double)Decode(Columns.Of(ColumnType.Double), "-0");
        Assert.True(double.IsNegative(negativeZero));
        Assert.Throws<MySqlProtocolException>(() => Decode(Columns.Of(ColumnType.Double), "NaN"));
        Assert.Throws<MySqlProtocolException>(() => Decode(Columns.Of(ColumnType.Double), "1e999"));
    }

    [Fact]
    public void Year_is_int() => Assert.Equal(2155, Decode(Columns.Unsigned(ColumnType.Year), "2155"));

    [Fact]
    public void Decimal_becomes_exact_value()
    {
        var text = "-" + new string('9', 35) + "." + new string('9', 30);
        Assert.Equal(MySqlDecimal.Parse(text), Decode(Columns.Of(ColumnType.NewDecimal, decimals: 30), text));
        Assert.Throws<MySqlProtocolException>(() => Decode(Columns.Of(ColumnType.NewDecimal), "1,5"));
    }

    [Fact]
    public void Bit_64_all_ones_and_short_bit_values_decode_big_endian()
    {
        Assert.Equal(ulong.MaxValue, TextValueDecoder.Decode(Columns.Unsigned(ColumnType.Bit), Enumerable.Repeat((byte)0xFF, 8).ToArray()));
        Assert.Equal(0x0102UL, TextValueDecoder.Decode(Columns.Unsigned(ColumnType.Bit), new byte[] { 0x01, 0x02 }));
        Assert.Throws<MySqlProtocolException>(() => TextValueDecoder.Decode(Columns.Unsigned(ColumnType.Bit), new byte[9]));
    }

    [Fact]
    public void Temporal_types_take_kind_and_fraction_digits_from_the_column()
    {
        var date = (MySqlDateTime)Decode(Columns.Of(ColumnType.Date), "0000-00-00");
        Assert.True(date.IsZero);
        Assert.Equal(MySqlDateTimeKind.Date, date.Kind);

        var dt = (MySqlDateTime)Decode(Columns.Of(ColumnType.DateTime, decimals: 6), "2024-02-29 13:45:01.000001");
        Assert.Equal(1, dt.Microsecond);
        Assert.Equal(MySqlDateTimeKind.DateTime, dt.Kind);

        var ts = (MySqlDateTime)Decode(Columns.Of(ColumnType.Timestamp, decimals: 31), "2024-02-29 13:45:01.12");
        Assert.Equal(MySqlDateTimeKind.Timestamp, ts.Kind);
        Assert.Equal(2, ts.FractionDigits);

        var time = (MySqlTime)Decode(Columns.Of(ColumnType.Time, decimals: 6), "-838:59:59.000000");
        Assert.Equal("-838:59:59.000000", time.ToString());
    }

    [Fact]
    public void Utf8mb4_text_keeps_emoji()
    {
        var bytes = Encoding.UTF8.GetBytes("hé 🐬");
        Assert.Equal("hé 🐬", TextValueDecoder.Decode(Columns.Text(ColumnType.VarString), bytes));
        Assert.Equal("hé 🐬", TextValueDecoder.Decode(Columns.Text(ColumnType.Blob, 46), bytes));
    }

    [Fact]
    public void Binary_strings_stay_bytes()
    {
        var bytes = new byte[] { 0x00, 0xFF, 0xC3, 0x28 };
        Assert.Equal(bytes, TextValueDecoder.Decode(Columns.Of(ColumnType.String), bytes));
        Assert.Equal(bytes, TextValueDecoder.Decode(Columns.Of(ColumnType.Blob), bytes));
    }

    [Fact]
    public void Json_with_binary_charset_decodes_as_utf8_text()
    {
        var json = "{\"k\": \"🐬\"}";
        Assert.Equal(json, TextValueDecoder.Decode(Columns.Of(ColumnType.Json, charset: Columns.Binary), Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Latin1_is_cp1252()
    {
        Assert.Equal("€é", TextValueDecoder.Decode(Columns.Text(ColumnType.VarString, Columns.Latin1), new byte[] { 0x80, 0xE9 }));
    }

    [Fact]
    public void Geometry_and_vector()
    {
        Assert.Equal(MySqlGeometry.FromInternal(MySqlGeometryTests.Point4326), TextValueDecoder.Decode(Columns.Of(ColumnType.Geometry), MySqlGeometryTests.Point4326));
        Assert.Equal(new byte[] { 0, 0, 128, 63 }, TextValueDecoder.Decode(Columns.Of(ColumnType.Vector), new byte[] { 0, 0, 128, 63 }));
    }

    [Fact]
    public void Null_type_throws() =>
        Assert.Throws<MySqlProtocolException>(() => TextValueDecoder.Decode(Columns.Of(ColumnType.Null), ReadOnlySpan<byte>.Empty));
}
