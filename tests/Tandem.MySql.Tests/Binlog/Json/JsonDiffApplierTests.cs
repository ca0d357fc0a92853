using Tandem.MySql.Binlog.Json;
using Tandem.MySql.Protocol;
using Tandem.MySql.Tests.Binlog.Builders;
using static Tandem.MySql.Tests.Binlog.Builders.JsonBinaryWriter;

namespace Tandem.MySql.Tests.Binlog.Json;

public sealed class JsonDiffApplierTests
{
    private const byte Replace = 0;
    private const byte Insert = 1;
    private const byte Remove = 2;

    private static string Apply(string before, params byte[][] diffs) => JsonDiffApplier.Apply(before, [.. diffs.SelectMany(d => d)]);

    private static byte[] Diff(byte operation, string path, object? value = null) =>
        RowsBodyBuilder.Diff(operation, path, operation == Remove ? null : Document(value));

    [Fact]
    public void Replace_a_member() => Assert.Equal("{\"a\":2,\"b\":[1]}", Apply("{\"a\":1,\"b\":[1]}", Diff(Replace, "$.a", 2)));

    [Fact]
    public void Insert_a_member() => Assert.Equal("{\"a\":1,\"c\":{\"d\":\"x\"}}", Apply("{\"a\":1}", Diff(Insert, "$.c", Object(("d", "x")))));

    [Fact]
    public void Remove_a_member() => Assert.Equal("{\"b\":2}", Apply("{\"a\":1,\"b\":2}", Diff(Remove, "$.a")));

    [Fact]
    public void Array_cells_replace_insert_append_and_remove()
    {
        Assert.Equal("[1,9,3]", Apply("[1,2,3]", Diff(Replace, "$[1]", 9)));
        Assert.Equal("[1,9,2,3]", Apply("[1,2,3]", Diff(Insert, "$[1]", 9)));
        Assert.Equal("[1,2,3,9]", Apply("[1,2,3]", Diff(Insert, "$[7]", 9)));
        Assert.Equal("[1,3]", Apply("[1,2,3]", Diff(Remove, "$[1]")));
        Assert.Equal("[1,2,9]", Apply("[1,2,3]", Diff(Replace, "$[last]", 9)));
        Assert.Equal("[9,2,3]", Apply("[1,2,3]", Diff(Replace, "$[last-2]", 9)));
    }

    [Fact]
    public void Nested_and_quoted_paths()
    {
        Assert.Equal("{\"a\":[{\"b\":\"new\"}]}", Apply("{\"a\":[{\"b\":1}]}", Diff(Replace, "$.a[0].b", "new")));
        Assert.Equal("{\"key with space\":true}", Apply("{\"key with space\":false}", Diff(Replace, "$.\"key with space\"", true)));
        Assert.Equal("{\"q\\\"k\":1}", Apply("{}", Diff(Insert, "$.\"q\\\"k\"", 1)));
    }

    [Fact]
    public void Multiple_diffs_apply_in_order()
    {
        var after = Apply(
            "{\"a\":1,\"list\":[1,2],\"gone\":null}",
            Diff(Replace, "$.a", "one"),
            Diff(Insert, "$.list[2]", 3),
            Diff(Remove, "$.gone"),
            Diff(Insert, "$.new", Array(1.5, "😀")),
            Diff(Replace, "$.list[0]", Object(("deep", Array()))));
        Assert.Equal("{\"a\":\"one\",\"list\":[{\"deep\":[]},2,3],\"new\":[1.5,\"😀\"]}", after);
    }

    [Fact]
    public void Output_keeps_the_binary_decoder_escaping()
    {
        Assert.Equal("{\"s\":\"é\\n\\u0001\",\"t\":\"<>&\"}", Apply("{\"s\":\"x\",\"t\":\"<>&\"}", Diff(Replace, "$.s", "é\n\u0001")));
    }

    [Fact]
    public void Diffs_that_do_not_apply_are_rejected()
    {
        Assert.Throws<MySqlProtocolException>(() => Apply("{\"a\":1}", Diff(Replace, "$.b", 2)));
        Assert.Throws<MySqlProtocolException>(() => Apply("{\"a\":1}", Diff(Insert, "$.a", 2)));
        Assert.Throws<MySqlProtocolException>(() => Apply("[1]", Diff(Remove, "$[1]")));
        Assert.Throws<MySqlProtocolException>(() => Apply("[1]", Diff(Replace, "$.a", 1)));
        Assert.Throws<MySqlProtocolException>(() => Apply("{\"a\":1}", Diff(Replace, "$.a.b", 1)));
        Assert.Throws<MySqlProtocolException>(() => Apply("{\"a\":1}", Diff(Replace, "$", 1)));
        Assert.Throws<MySqlProtocolException>(() => Apply("null", Diff(Replace, "$.a", 1)));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("$.*")]
    [InlineData("$**.a")]
    [InlineData("$[*]")]
    [InlineData("$[1 to 2]")]
    [InlineData("$[")]
    [InlineData("$.\"open")]
    [InlineData("$.\"bad\\escape\"")]
    [InlineData("$[99999999999]")]
    public void Malformed_or_wildcard_paths_are_rejected(string path) =>
        Assert.Throws<MySqlProtocolException>(() => Apply("{\"a\":[1]}", Diff(Remove, path)));

    [Fact]
    public void A_before_image_with_duplicate_keys_is_rejected_or_applied_not_crashed()
    {
        try
        {
            Assert.NotNull(Apply("{\"a\":1,\"a\":2}", Diff(Replace, "$.a", 3)));
        }
        catch (MySqlProtocolException)
        {
            // Rejected with the documented error: fine.
        }
    }

    [Fact]
    public void Unknown_operation_is_rejected() =>
        Assert.Throws<MySqlProtocolException>(() => Apply("{}", [3, 3, .. "$.a"u8.ToArray()]));
}
