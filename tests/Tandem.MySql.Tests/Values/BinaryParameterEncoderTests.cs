using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Tests.Values;

public sealed class BinaryParameterEncoderTests
{
    private enum Small : byte
    {
        A = 200,
    }

    internal static object RoundTrip(object value, out ColumnType type, out bool isUnsigned)
    {
        using var writer = new PayloadWriter();
        BinaryParameterEncoder.Encode(value, writer, out type, out isUnsigned);
        var column = Columns.Of(type, isUnsigned ? ColumnFlags.Unsigned : ColumnFlags.None, type == ColumnType.VarString ? Columns.Utf8Mb4 : Columns.Binary, decimals: 6);
        var reader = new PayloadReader(writer.WrittenSpan, "parameter");
        var decoded = BinaryValueDecoder.Decode(column, ref reader);
        Assert.True(reader.AtEnd);
        return decoded;
    }

    [Fact]
    public void Null_writes_nothing()
    {
        using var writer = new PayloadWriter();
        BinaryParameterEncoder.Encode(null, writer, out var type, out var isUnsigned);
        Assert.Equal(ColumnType.Null, type);
        Assert.False(isUnsigned);
        Assert.Equal(0, writer.Length);
    }

    [Theory]
    [InlineData(true, ColumnType.Tiny, false, 1L)]
    [InlineData((sbyte)-5, ColumnType.Tiny, false, -5L)]
    [InlineData((byte)250, ColumnType.Tiny, true, 250UL)]
    [InlineData((short)-300, ColumnType.Short, false, -300L)]
    [InlineData((ushort)65535, ColumnType.Short, true, 65535UL)]
    [InlineData(int.MinValue, ColumnType.Long, false, (long)int.MinValue)]
    [InlineData(uint.MaxValue, ColumnType.Long, true, (ulong)uint.MaxValue)]
    [InlineData(long.MinValue, ColumnType.LongLong, false, long.MinValue)]
    [InlineData(ulong.MaxValue, ColumnType.LongLong, true, ulong.MaxValue)]
    public void Integers_carry_type_and_sign(object value, ColumnType expectedType, bool expectedUnsigned, object expected)
    {
        Assert.Equal(expected, RoundTrip(value, out var type, out var isUnsigned));
        Assert.Equal(expectedType, type);
        Assert.Equal(expectedUnsigned, isUnsigned);
    }

    [Fact]
    public void Enums_use_their_underlying_integer()
    {
        Assert.Equal(200UL, RoundTrip(Small.A, out var type, out _));
        Assert.Equal(ColumnType.Tiny, type);
    }

    [Fact]
    public void Other_types_round_trip_through_the_binary_decoder()
    {
        Assert.Equal(1.25f, RoundTrip(1.25f, out _, out _));
        Assert.Equal(-0.1, RoundTrip(-0.1, out _, out _));
        Assert.Equal(MySqlDecimal.Parse("-1.50"), RoundTrip(-1.50m, out var t, out _));
        Assert.Equal(ColumnType.NewDecimal, t);
        var big = MySqlDecimal.Parse(new string('9', 35) + "." + new string('9', 30));
        Assert.Equal(big, RoundTrip(big, out _, out _));
        Assert.Equal("🐬", RoundTrip("🐬", out _, out _));
        var guid = Guid.NewGuid();
        Assert.Equal(guid.ToString("D"), RoundTrip(guid, out _, out _));
        Assert.Equal(new byte[] { 1, 2 }, RoundTrip(new byte[] { 1, 2 }, out t, out _));
        Assert.Equal(ColumnType.Blob, t);
        Assert.Equal(new byte[] { 3 }, RoundTrip(new ReadOnlyMemory<byte>([3]), out _, out _));
    }

    [Fact]
    public void Temporal_values_round_trip()
    {
        var dt = new DateTime(2024, 2, 29, 13, 45, 1).AddTicks(1_234_560);
        Assert.Equal(dt, ((MySqlDateTime)RoundTrip(dt, out var type, out _)).ToDateTime());
        Assert.Equal(ColumnType.DateTime, type);
        Assert.Equal("2024-02-29", RoundTrip(new DateOnly(2024, 2, 29), out _, out _).ToString());
        var partial = new MySqlDateTime(2020, 0, 15);
        Assert.Equal(partial, RoundTrip(partial, out type, out _));
        Assert.Equal(ColumnType.Date, type);
        var ts = new MySqlDateTime(2024, 1, 1, 0, 0, 0, 5, 6, MySqlDateTimeKind.Timestamp);
        Assert.Equal(ts, RoundTrip(ts, out type, out _));
        Assert.Equal(ColumnType.Timestamp, type);

        var time = new MySqlTime(true, 838, 59, 59, 0, 6);
        Assert.Equal(time, RoundTrip(time, out type, out _));
        Assert.Equal(ColumnType.Time, type);
        Assert.Equal(TimeSpan.FromMilliseconds(-500), ((MySqlTime)RoundTrip(TimeSpan.FromMilliseconds(-500), out _, out _)).ToTimeSpan());
        Assert.Equal(new TimeSpan(0, 23, 59, 59, 999, 999), ((MySqlTime)RoundTrip(new TimeOnly(23, 59, 59, 999, 999), out _, out _)).ToTimeSpan());
    }

    [Fact]
    public void Unsupported_types_name_the_type()
    {
        using var writer = new PayloadWriter();
        var ex = Assert.Throws<ArgumentException>(() => BinaryParameterEncoder.Encode(new Uri("http://x"), writer, out _, out _));
        Assert.Contains("System.Uri", ex.Message, StringComparison.Ordinal);
    }
}
