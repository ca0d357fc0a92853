using System.Text;
using Tandem.Core.Errors;
using Tandem.Core.Model;
using Tandem.MySql.Snapshot;

namespace Tandem.MySql.Tests.Snapshot;

public sealed class ChunkBoundsTests
{
    [Fact]
    public void Bounds_of_every_key_type_round_trip_through_their_stored_text()
    {
        var columns = new[]
        {
            Column("vb", "varbinary", "binary"),
            Column("de", "decimal", null),
            Column("dt", "datetime", null),
            Column("s", "varchar", "utf8mb4"),
            Column("b", "bit", null),
            Column("e", "enum", "utf8mb4"),
        };
        var raw = new[]
        {
            new byte[] { 0x00, 0x5C, 0x27, 0xFF },
            "-12345.678900"u8.ToArray(),
            "2024-02-29 23:59:59.999999"u8.ToArray(),
            Encoding.UTF8.GetBytes("é \"quoted\" \\ 😀"),
            new byte[] { 0x01, 0x00 },
            "3"u8.ToArray(),
        };
        var literals = columns.Select((c, i) => KeyLiteral.From(c, raw[i])).ToArray();

        Assert.Equal(["X'005C27FF'", "-12345.678900", "'2024-02-29 23:59:59.999999'", "_utf8mb4 X'" + Convert.ToHexString(raw[3]) + "'", "256", "3"], literals);
        var text = ChunkBounds.Encode(literals);
        Assert.Equal(literals, ChunkBounds.Decode(text));
        Assert.Null(ChunkBounds.Encode(null));
        Assert.Null(ChunkBounds.Decode(null));
    }

    [Fact]
    public void An_empty_string_key_is_an_empty_hex_literal_with_its_character_set()
    {
        Assert.Equal("_latin1 X''", KeyLiteral.From(Column("s", "varchar", "latin1"), []));
        Assert.Equal("X''", KeyLiteral.From(Column("b", "varbinary", "binary"), []));
    }

    [Fact]
    public void A_damaged_bound_is_a_clear_error()
    {
        var error = Assert.Throws<TandemException>(() => ChunkBounds.Decode("{\"not\": \"an array\"}"));
        Assert.Contains("copy_chunk", error.Message, StringComparison.Ordinal);
    }

    private static CopyColumn Column(string name, string type, string? charset) =>
        CopyColumn.From(new ColumnSchema { Name = name, DataType = type, ColumnType = type, CharacterSet = charset });
}
