using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Binlog.Json;
using Tandem.MySql.Tests.Binlog.Builders;
using Tandem.MySql.Tests.Fuzz;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogValueEncoder;
using static Tandem.MySql.Tests.Binlog.Builders.JsonBinaryWriter;

namespace Tandem.MySql.Tests.Binlog.Json;

/// <summary>Binary JSON and partial JSON diffs, mutated and truncated, give valid JSON text or a MySqlException.</summary>
public sealed class JsonFuzzTests
{
    private static readonly byte[][] Documents =
    [
        Document(Object(("a", Array(1, -70000, "two", 3.5, null, true, false)), ("nested", Object(("k", LargeArrayOf(ulong.MaxValue, long.MinValue)))))),
        Document(LargeObjectOf(("x", new OpaqueValue(246, [10, 3, .. Decimal("-1234567.890", 10, 3)])), ("y", new OpaqueValue(12, PackedDateTime(2020, 1, 2, 3, 4, 5, 6))))),
        Document(Array(new OpaqueValue(11, PackedTime(true, 1, 2, 3, 4)), new OpaqueValue(10, PackedDateTime(1999, 12, 31, 0, 0, 0, 0)), new OpaqueValue(15, [1, 2, 3]))),
        Document(new string('s', 200) + "\n\"😀"),
        Document(Array(Array(Array(Object(("deep", Array())))))),
        Document(1.25), Document(new Scalar(TypeUInt32, Int32(7))), [],
    ];

    [Fact]
    public void Mutated_binary_json_is_valid_text_or_rejected()
    {
        var property = Prop.ForAll(PayloadMutator.Mutants(Documents).ToArbitrary(), doc =>
            FuzzOutcome.ParsesOrRejects("MySqlJsonBinary", doc, d => AssertValidJson(MySqlJsonBinary.ToJsonText(d))));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), property);
    }

    [Fact]
    public void Every_truncation_of_every_document_is_rejected_or_valid()
    {
        foreach (var doc in Documents)
        {
            for (var length = 0; length <= doc.Length; length++)
            {
                FuzzOutcome.ParsesOrRejects("MySqlJsonBinary", doc.AsSpan(0, length), d => AssertValidJson(MySqlJsonBinary.ToJsonText(d)));
            }
        }
    }

    private static readonly byte[][] DiffVectors =
    [
        [.. RowsBodyBuilder.Diff(0, "$.a[1]", Document("x")), .. RowsBodyBuilder.Diff(1, "$.\"new key\"", Document(Object(("q", 1)))), .. RowsBodyBuilder.Diff(2, "$.nested.k[last]")],
        [.. RowsBodyBuilder.Diff(1, "$.a[0]", Document(Array(1.5))), .. RowsBodyBuilder.Diff(2, "$.a[last-1]")],
    ];

    [Fact]
    public void Mutated_diffs_apply_or_are_rejected()
    {
        const string before = "{\"a\":[1,-70000,\"two\"],\"nested\":{\"k\":[18446744073709551615,-9223372036854775808]}}";
        Assert.Equal(
            "{\"a\":[1,\"x\",\"two\"],\"nested\":{\"k\":[18446744073709551615]},\"new key\":{\"q\":1}}",
            JsonDiffApplier.Apply(before, DiffVectors[0]));
        var property = Prop.ForAll(PayloadMutator.Mutants(DiffVectors).ToArbitrary(), diffs =>
            FuzzOutcome.ParsesOrRejects("JsonDiffApplier", diffs, d => AssertValidJson(JsonDiffApplier.Apply(before, d))));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), property);
    }

    private static void AssertValidJson(string text)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(text, new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 });
    }
}
