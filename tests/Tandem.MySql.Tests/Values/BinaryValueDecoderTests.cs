using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Tests.Values;

public sealed class BinaryValueDecoderTests
{
    /// <summary>Decodes one value followed by a sentinel byte, proving exactly the value's bytes were consumed.</summary>
    private static object Decode(ColumnDefinition column, params byte[] bytes)
    {
        var reader = new PayloadReader([.. bytes, 0xAB], "row");
        var value = BinaryValueDecoder.Decode(column, ref reader);
        Assert.Equal(0xAB, reader.ReadByte());
        Assert.True(reader.AtEnd);
        return value;
    }

    [Fact]
    public void Integers_are_little_endian_sized_by_type_with_sign_by_flag()
    {
        Assert.Equal(-1L, Decode(Columns.Of(ColumnType.Tiny), 0xFF));
        Assert.Equal(255UL, Decode(Columns.Unsigned(ColumnType.Tiny), 0xFF));
        Assert.Equal(-2L, Decode(Columns.Of(ColumnType.Short), 0xFE, 0xFF));
        Assert.Equal(-8388608L, Decode(Columns.Of(ColumnType.Int24), 0x00, 0x00, 0x80, 0xFF));
        Assert.Equal(4294967295UL, Decode(Columns.Unsigned(ColumnType.Long), 0xFF, 0xFF, 0xFF, 0xFF));
        Assert.Equal(long.MinValue, Decode(Columns.Of(ColumnType.LongLong), 0, 0, 0, 0, 0, 0, 0, 0x80));
        Assert.Equal(ulong.MaxValue, Decode(Columns.Unsigned(ColumnType.LongLong), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF));
        Assert.Equal(2024, Decode(Columns.Unsigned(ColumnType.Year), 0xE8, 0x07));
    }

    [Fact]
    public void Floats_are_ieee_little_endian()
    {
        Assert.Equal(1.5f, Decode(Columns.Of(ColumnType.Float), BitConverter.GetBytes(1.5f)));
        Assert.True(double.IsNegative((double)Decode(Columns.Of(ColumnType.Double), BitConverter.GetBytes(-0.0))));
    }

    [Fact]
    public void Dates_use_each_length_form()
    {
        Assert.True(((MySqlDateTime)Decode(Columns.Of(ColumnType.Date), 0)).IsZero);
        Assert.Equal("2024-02-29", Decode(Columns.Of(ColumnType.Date), 4, 0xE8, 0x07, 2, 29).ToString());
        Assert.Equal("2020-00-15", Decode(Columns.Of(ColumnType.Date), 4, 0xE4, 0x07, 0, 15).ToString());
        Assert.Equal("2024-02-29 13:45:01", Decode(Columns.Of(ColumnType.DateTime), 7, 0xE8, 0x07, 2, 29, 13, 45, 1).ToString());
        var dt = (MySqlDateTime)Decode(Columns.Of(ColumnType.Timestamp, decimals: 6), 11, 0xE8, 0x07, 2, 29, 13, 45, 1, 0x40, 0xE2, 0x01, 0x00);
        Assert.Equal("2024-02-29 13:45:01.123456", dt.ToString());
        Assert.Equal(MySqlDateTimeKind.Timestamp, dt.Kind);
        Assert.Equal("0000-00-00 00:00:00.000", Decode(Columns.Of(ColumnType.DateTime, decimals: 3), 0).ToString());
    }

    [Fact]
    public void Time_with_days_becomes_hours()
    {
        // Negative, 34 days, 22:59:59 = -838:59:59.
        Assert.Equal("-838:59:59", Decode(Columns.Of(ColumnType.Time), 8, 1, 34, 0, 0, 0, 22, 59, 59).ToString());
        Assert.Equal("-00:00:00.500000", Decode(Columns.Of(ColumnType.Time, decimals: 6), 12, 1, 0, 0, 0, 0, 0, 0, 0, 0x20, 0xA1, 0x07, 0x00).ToString());
        Assert.Equal("00:00:00", Decode(Columns.Of(ColumnType.Time), 0).ToString());
        Assert.Equal(TimeSpan.FromDays(100), ((MySqlTime)Decode(Columns.Of(ColumnType.Time), 8, 0, 100, 0, 0, 0, 0, 0, 0)).ToTimeSpan());
    }

    [Fact]
    public void Length_encoded_types_decode_like_text()
    {
        Assert.Equal(MySqlDecimal.Parse("-0.010"), Decode(Columns.Of(ColumnType.NewDecimal), 6, (byte)'-', (byte)'0', (byte)'.', (byte)'0', (byte)'1', (byte)'0'));
        Assert.Equal("{}", Decode(Columns.Of(ColumnType.Json), 2, (byte)'{', (byte)'}'));
        Assert.Equal(1UL, Decode(Columns.Unsigned(ColumnType.Bit), 1, 1));
        Assert.Equal("ab", Decode(Columns.Text(ColumnType.VarString), 2, (byte)'a', (byte)'b'));
        Assert.Equal(new byte[] { 1, 2 }, Decode(Columns.Of(ColumnType.Blob), 2, 1, 2));
    }

    [Theory]
    [InlineData(ColumnType.Date, new byte[] { 5, 0, 0, 0, 0, 0 })]
    [InlineData(ColumnType.Date, new byte[] { 4, 0xE8, 0x07, 13, 1 })]
    [InlineData(ColumnType.Date, new byte[] { 7, 0xE8, 0x07, 1, 1, 1, 0, 0 })]
    [InlineData(ColumnType.DateTime, new byte[] { 11, 0xE8, 0x07, 1, 1, 1, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(ColumnType.DateTime, new byte[] { 7, 0xE8, 0x07 })]
    [InlineData(ColumnType.Time, new byte[] { 8, 2, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(ColumnType.Time, new byte[] { 8, 0, 0, 0, 0, 0, 24, 0, 0 })]
    [InlineData(ColumnType.Time, new byte[] { 8, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0 })]
    [InlineData(ColumnType.Time, new byte[] { 9, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(ColumnType.LongLong, new byte[] { 1, 2, 3 })]
    [InlineData(ColumnType.VarString, new byte[] { 5, 1 })]
    [InlineData(ColumnType.NewDecimal, new byte[] { 1, (byte)'x' })]
    public void Malformed_values_throw_protocol_error(ColumnType type, byte[] bytes)
    {
        var ex = Assert.Throws<MySqlProtocolException>(() =>
        {
            var reader = new PayloadReader(bytes, "row");
            BinaryValueDecoder.Decode(Columns.Of(type), ref reader);
        });
        Assert.Contains("'c'", ex.Message, StringComparison.Ordinal);
    }
}
