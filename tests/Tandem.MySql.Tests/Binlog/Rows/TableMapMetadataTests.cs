using System.Text;
using Tandem.MySql.Binlog.Rows;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Tests.Binlog.Rows;

public sealed class TableMapMetadataTests
{
    [Fact]
    public void Reads_0_1_or_2_bytes_per_column_type()
    {
        byte[] types =
        [
            (byte)ColumnType.Long, (byte)ColumnType.VarChar, (byte)ColumnType.NewDecimal, (byte)ColumnType.Blob, (byte)ColumnType.String,
            (byte)ColumnType.DateTime2, (byte)ColumnType.Bit, (byte)ColumnType.Double, (byte)ColumnType.Json, (byte)ColumnType.Date,
        ];
        byte[] block =
        [
            0x90, 0x01, // VARCHAR: 400, little-endian
            65, 30, // NEWDECIMAL: precision, scale
            2, // BLOB: pack length
            0xFE, 0x28, // STRING: real type, length
            6, // DATETIME2: fsp
            1, 8, // BIT: bits % 8, bytes
            8, // DOUBLE
            4, // JSON
        ];

        var metadata = TableMapMetadata.Read(types, block);

        Assert.Equal(new ushort[] { 0, 400, (65 << 8) | 30, 2, 0xFE28, 6, 0x0108, 8, 4, 0 }, metadata);
    }

    [Fact]
    public void A_short_block_is_rejected() =>
        Assert.Throws<MySqlProtocolException>(() => TableMapMetadata.Read([(byte)ColumnType.VarChar], [0x10]));

    [Fact]
    public void Leftover_metadata_bytes_are_rejected()
    {
        var error = Assert.Throws<MySqlProtocolException>(() => TableMapMetadata.Read([(byte)ColumnType.Long], [0x10]));
        Assert.Contains("need 0 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_that_never_appears_in_table_map_is_rejected() =>
        Assert.Throws<MySqlProtocolException>(() => TableMapMetadata.Read([(byte)ColumnType.TinyBlob], [1]));

    [Theory]
    [InlineData(0xFE0A, ColumnType.String, 10)]
    [InlineData(0xFEFF, ColumnType.String, 255)]
    [InlineData(0xEE00, ColumnType.String, 256)]
    [InlineData(0xEE90, ColumnType.String, 400)]
    [InlineData(0xDEFC, ColumnType.String, 764)]
    [InlineData(0xCEFC, ColumnType.String, 1020)]
    [InlineData(0xF701, ColumnType.Enum, 1)]
    [InlineData(0xF702, ColumnType.Enum, 2)]
    [InlineData(0xF803, ColumnType.Set, 3)]
    public void String_resolves_to_char_enum_or_set(ushort metadata, ColumnType expected, int length)
    {
        var column = TableMapMetadata.Resolve((byte)ColumnType.String, metadata, false, Encoding.UTF8, []);
        Assert.Equal(expected, column.Type);
        Assert.Equal(length, column.Metadata);
    }

    [Theory]
    [InlineData(ColumnType.NewDecimal, 0x0000)]
    [InlineData(ColumnType.NewDecimal, (66 << 8) | 2)]
    [InlineData(ColumnType.NewDecimal, (5 << 8) | 6)]
    [InlineData(ColumnType.NewDecimal, (40 << 8) | 31)]
    [InlineData(ColumnType.Time2, 7)]
    [InlineData(ColumnType.Blob, 0)]
    [InlineData(ColumnType.Blob, 5)]
    [InlineData(ColumnType.Bit, 0x0000)]
    [InlineData(ColumnType.Bit, 0x0108)]
    [InlineData(ColumnType.Float, 8)]
    [InlineData(ColumnType.String, 0xF703)]
    [InlineData(ColumnType.String, 0xF809)]
    [InlineData(ColumnType.String, 0xFD10)]
    [InlineData(ColumnType.Decimal, 0)]
    [InlineData(ColumnType.Null, 0)]
    public void Out_of_range_metadata_and_unsupported_types_are_rejected(ColumnType type, ushort metadata) =>
        Assert.Throws<MySqlProtocolException>(() => TableMapMetadata.Resolve((byte)type, metadata, false, null, []));

    [Fact]
    public void Bit_metadata_resolves_to_the_bit_count()
    {
        Assert.Equal(1, TableMapMetadata.Resolve((byte)ColumnType.Bit, 0x0100, false, null, []).Metadata);
        Assert.Equal(64, TableMapMetadata.Resolve((byte)ColumnType.Bit, 0x0008, false, null, []).Metadata);
        Assert.Equal(13, TableMapMetadata.Resolve((byte)ColumnType.Bit, 0x0501, false, null, []).Metadata);
    }

    [Fact]
    public void Json_and_geometry_never_take_a_text_encoding()
    {
        Assert.Null(TableMapMetadata.Resolve((byte)ColumnType.Json, 4, false, Encoding.UTF8, []).TextEncoding);
        Assert.Null(TableMapMetadata.Resolve((byte)ColumnType.Geometry, 4, false, Encoding.UTF8, []).TextEncoding);
        Assert.NotNull(TableMapMetadata.Resolve((byte)ColumnType.Blob, 4, false, Encoding.UTF8, []).TextEncoding);
    }
}
