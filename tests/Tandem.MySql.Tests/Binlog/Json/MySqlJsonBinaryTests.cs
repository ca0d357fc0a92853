using Tandem.MySql.Binlog.Json;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogValueEncoder;
using static Tandem.MySql.Tests.Binlog.Builders.JsonBinaryWriter;

namespace Tandem.MySql.Tests.Binlog.Json;

/// <summary>Binary JSON documents built from the documented layout
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/json__binary_8h.html) read back as compact JSON text.</summary>
public sealed class MySqlJsonBinaryTests
{
    private static string Text(object? value) => MySqlJsonBinary.ToJsonText(Document(value));

    [Fact]
    public void Literals()
    {
        Assert.Equal("null", Text(null));
        Assert.Equal("true", Text(true));
        Assert.Equal("false", Text(false));
        Assert.Equal("[null,true,false]", Text(Array(null, true, false)));
    }

    [Fact]
    public void Every_integer_type_inline_and_not()
    {
        Assert.Equal("-32768", Text(new Scalar(TypeInt16, Int16(-32768))));
        Assert.Equal("65535", Text(new Scalar(TypeUInt16, Int16(65535))));
        Assert.Equal("-2147483648", Text(new Scalar(TypeInt32, Int32(int.MinValue))));
        Assert.Equal("4294967295", Text(new Scalar(TypeUInt32, Int32(uint.MaxValue))));
        Assert.Equal("-9223372036854775808", Text(long.MinValue));
        Assert.Equal("18446744073709551615", Text(ulong.MaxValue));
        // Small containers inline int16/uint16; large ones also int32/uint32.
        Assert.Equal("[-5,65535,-2147483648,4294967295]", Text(Array(-5, new Scalar(TypeUInt16, Int16(65535)), int.MinValue, new Scalar(TypeUInt32, Int32(uint.MaxValue)))));
        Assert.Equal("[-5,65535,-2147483648,4294967295]", Text(LargeArrayOf(-5, new Scalar(TypeUInt16, Int16(65535)), int.MinValue, new Scalar(TypeUInt32, Int32(uint.MaxValue)))));
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(1.0, "1.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e300, "1E+300")]
    [InlineData(-2.5e-8, "-2.5E-08")]
    [InlineData(123456789012.0, "123456789012.0")]
    public void Doubles_are_shortest_round_trip_and_stay_doubles(double value, string expected)
    {
        var text = Text(value);
        Assert.Equal(expected, text);
        Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        using var parsed = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, parsed.RootElement.ValueKind);
    }

    [Fact]
    public void Strings_are_escaped_and_keep_non_ascii()
    {
        Assert.Equal("\"a\\\"b\\\\c\\n\\t\\u0001 é 😀\"", Text("a\"b\\c\n\t\u0001 é 😀"));
        Assert.Equal("\"\"", Text(string.Empty));
        var longText = new string('x', 300);
        Assert.Equal($"\"{longText}\"", Text(longText));
    }

    [Fact]
    public void Nested_objects_and_arrays_with_keys_in_stored_order()
    {
        var doc = Object(("name", "tandem"), ("tags", Array("a", 1, Array(), Object())), ("nested", Object(("x", Object(("y", Array([null])))))), ("n", 2));
        // The server stores keys sorted by length, then bytes.
        Assert.Equal("{\"n\":2,\"name\":\"tandem\",\"tags\":[\"a\",1,[],{}],\"nested\":{\"x\":{\"y\":[null]}}}", Text(doc));
    }

    [Fact]
    public void Large_objects_and_arrays()
    {
        var doc = LargeObjectOf(("k\"ey", LargeArrayOf(1, "two", 3.5, LargeObjectOf(("z", true)))), ("b", 100_000));
        Assert.Equal("{\"b\":100000,\"k\\\"ey\":[1,\"two\",3.5,{\"z\":true}]}", Text(doc));
    }

    [Fact]
    public void Large_object_over_64_KiB()
    {
        var members = Enumerable.Range(0, 2000).Select(i => ($"key{i:D5}", (object?)new string('v', 40))).ToArray();
        var text = Text(LargeObjectOf(members));
        using var parsed = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(2000, parsed.RootElement.EnumerateObject().Count());
        Assert.Equal(new string('v', 40), parsed.RootElement.GetProperty("key01999").GetString());
    }

    [Fact]
    public void Opaque_decimal_is_a_number_with_its_scale()
    {
        Assert.Equal("1.50", Text(new OpaqueValue((byte)ColumnType.NewDecimal, [5, 2, .. Decimal("1.50", 5, 2)])));
        Assert.Equal("[-12345678901234567890.123456789]",
            Text(Array(new OpaqueValue((byte)ColumnType.NewDecimal, [29, 9, .. Decimal("-12345678901234567890.123456789", 29, 9)]))));
    }

    [Fact]
    public void Opaque_temporals_print_like_mysql()
    {
        Assert.Equal("\"2020-01-02 03:04:05.000000\"", Text(new OpaqueValue((byte)ColumnType.DateTime, PackedDateTime(2020, 1, 2, 3, 4, 5, 0))));
        Assert.Equal("\"2020-01-02 03:04:05.123456\"", Text(new OpaqueValue((byte)ColumnType.Timestamp, PackedDateTime(2020, 1, 2, 3, 4, 5, 123456))));
        Assert.Equal("\"2020-01-02\"", Text(new OpaqueValue((byte)ColumnType.Date, PackedDateTime(2020, 1, 2, 0, 0, 0, 0))));
        Assert.Equal("\"-838:59:59.000000\"", Text(new OpaqueValue((byte)ColumnType.Time, PackedTime(true, 838, 59, 59, 0))));
        Assert.Equal("\"12:00:00.500000\"", Text(new OpaqueValue((byte)ColumnType.Time, PackedTime(false, 12, 0, 0, 500000))));
    }

    [Fact]
    public void Other_opaque_values_are_base64_with_their_type() =>
        Assert.Equal("\"base64:type15:yv4=\"", Text(new OpaqueValue((byte)ColumnType.VarChar, [0xCA, 0xFE])));

    [Fact]
    public void Empty_value_is_json_null() => Assert.Equal("null", MySqlJsonBinary.ToJsonText([]));

    [Fact]
    public void Nesting_up_to_100_is_accepted_and_deeper_is_rejected()
    {
        object? doc = 1;
        for (var i = 0; i < 100; i++)
        {
            doc = Array(doc);
        }

        Assert.StartsWith(new string('[', 100) + "1", Text(doc), StringComparison.Ordinal);
        var error = Assert.Throws<MySqlProtocolException>(() => Text(Array(doc)));
        Assert.Contains("nested at most 100 deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_outside_the_container_are_rejected()
    {
        // Small array of 1 element, size 7, value entry: string at offset 0x00FF.
        byte[] doc = [TypeSmallArray, 1, 0, 7, 0, TypeString, 0xFF, 0x00];
        Assert.Throws<MySqlProtocolException>(() => MySqlJsonBinary.ToJsonText(doc));
    }

    [Fact]
    public void Shared_offsets_cannot_blow_up_the_text()
    {
        // A large array whose 1000 entries all point at the same array, which itself has 1000 entries pointing at a third:
        // a million strings from a few kilobytes. The text cap turns it into a protocol error.
        const int n = 1000;
        var inner = new List<byte>();
        var header = 8 + (n * 5);
        // Innermost: a large array of n entries all pointing at one string "xxxxxxxx".
        inner.AddRange(Int32(n));
        inner.AddRange(Int32(header + 9));
        for (var i = 0; i < n; i++)
        {
            inner.Add(TypeString);
            inner.AddRange(Int32(header));
        }

        inner.AddRange([8, .. "xxxxxxxx"u8.ToArray()]);
        var outer = new List<byte>();
        outer.AddRange(Int32(n));
        outer.AddRange(Int32(header + inner.Count));
        for (var i = 0; i < n; i++)
        {
            outer.Add(TypeLargeArray);
            outer.AddRange(Int32(header));
        }

        outer.AddRange(inner);
        byte[] doc = [TypeLargeArray, .. outer];
        var error = Assert.Throws<MySqlProtocolException>(() => MySqlJsonBinary.ToJsonText(doc));
        Assert.Contains("exceed", error.Message, StringComparison.Ordinal);
    }
}
