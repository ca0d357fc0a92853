using System.Text;
using Tandem.MySql.Binlog.Rows;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Protocol.Values;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogValueEncoder;

namespace Tandem.MySql.Tests.Binlog.Rows;

/// <summary>One value per column type and edge case, built from the documented encodings
/// (https://mariadb.com/kb/en/rows_event_v1v2-rows_compressed_event_v1/).</summary>
public sealed class RowValueDecoderTests
{
    private static readonly Encoding Utf8 = MySqlCharacterSets.GetEncoding(255);
    private static readonly Encoding Latin1 = MySqlCharacterSets.GetEncoding(8);

    /// <summary>Decodes <paramref name="bytes"/> and checks the decoder consumed all of them and nothing more.</summary>
    private static object Decode(BinlogColumn column, byte[] bytes)
    {
        byte[] padded = [.. bytes, 0xEE];
        var reader = new PayloadReader(padded.AsSpan(0, bytes.Length), "test value");
        var value = RowValueDecoder.Decode(ref reader, column);
        Assert.Equal(bytes.Length, reader.Offset);
        return value;
    }

    private static BinlogColumn Column(ColumnType type, ushort metadata, bool unsigned = false, Encoding? encoding = null, params string[] labels) =>
        TableMapMetadata.Resolve((byte)type, metadata, unsigned, encoding, labels);

    private static MySqlProtocolException Rejects(BinlogColumn column, byte[] bytes) =>
        Assert.Throws<MySqlProtocolException>(() => Decode(column, bytes));

    [Theory]
    [InlineData(ColumnType.Tiny, "FF", false, -1L)]
    [InlineData(ColumnType.Tiny, "80", false, -128L)]
    [InlineData(ColumnType.Short, "0080", false, -32768L)]
    [InlineData(ColumnType.Int24, "000080", false, -8388608L)]
    [InlineData(ColumnType.Int24, "FFFFFF", false, -1L)]
    [InlineData(ColumnType.Int24, "FFFF7F", false, 8388607L)]
    [InlineData(ColumnType.Long, "00000080", false, -2147483648L)]
    [InlineData(ColumnType.LongLong, "0000000000000080", false, long.MinValue)]
    public void Signed_integers_are_sign_extended_longs(ColumnType type, string hex, bool unsigned, long expected) =>
        Assert.Equal(expected, Decode(Column(type, 0, unsigned), Bytes(hex)));

    [Theory]
    [InlineData(ColumnType.Tiny, "FF", 255UL)]
    [InlineData(ColumnType.Short, "FFFF", 65535UL)]
    [InlineData(ColumnType.Int24, "FFFFFF", 16777215UL)]
    [InlineData(ColumnType.Long, "FFFFFFFF", 4294967295UL)]
    [InlineData(ColumnType.LongLong, "FFFFFFFFFFFFFFFF", ulong.MaxValue)]
    public void Unsigned_integers_are_ulongs_up_to_bigint_unsigned_max(ColumnType type, string hex, ulong expected) =>
        Assert.Equal(expected, Decode(Column(type, 0, unsigned: true), Bytes(hex)));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1901)]
    [InlineData(255, 2155)]
    public void Year_zero_stays_zero_and_others_add_1900(byte stored, int expected) =>
        Assert.Equal(expected, Decode(Column(ColumnType.Year, 0), [stored]));

    [Fact]
    public void Float_and_double_are_little_endian_ieee()
    {
        Assert.Equal(-1.5f, Decode(Column(ColumnType.Float, 4), Float(-1.5f)));
        Assert.Equal(Math.PI, Decode(Column(ColumnType.Double, 8), Double(Math.PI)));
    }

    [Theory]
    [InlineData(65, 30, "12345678901234567890123456789012345.123456789012345678901234567890")]
    [InlineData(65, 30, "-12345678901234567890123456789012345.123456789012345678901234567890")]
    [InlineData(65, 30, "99999999999999999999999999999999999.999999999999999999999999999999")]
    [InlineData(65, 30, "0.000000000000000000000000000000")]
    [InlineData(65, 0, "-99999999999999999999999999999999999999999999999999999999999999999")]
    [InlineData(10, 0, "1234567890")]
    [InlineData(10, 0, "-1")]
    [InlineData(5, 2, "-0.05")]
    [InlineData(5, 2, "1.50")]
    [InlineData(5, 2, "-999.99")]
    [InlineData(5, 5, "0.12345")]
    [InlineData(18, 9, "-123456789.123456789")]
    [InlineData(19, 1, "123456789012345678.9")]
    public void Decimals_are_exact_with_the_declared_scale(int precision, int scale, string text)
    {
        var value = (MySqlDecimal)Decode(Column(ColumnType.NewDecimal, (ushort)((precision << 8) | scale)), Decimal(text, precision, scale));
        Assert.Equal(text, value.ToString());
        Assert.Equal(scale, value.Scale);
    }

    [Fact]
    public void Decimal_negative_zero_is_zero() =>
        Assert.Equal("0.00", Decode(Column(ColumnType.NewDecimal, (5 << 8) | 2), Decimal("-0.00", 5, 2)).ToString());

    [Fact]
    public void Decimal_group_above_nine_digits_is_rejected() =>
        Rejects(Column(ColumnType.NewDecimal, (9 << 8) | 0), [0xFF, 0xFF, 0xFF, 0xFF]);

    [Theory]
    [InlineData(1, 500_000, "-01:02:03.5")]
    [InlineData(2, 10_000, "-01:02:03.01")]
    [InlineData(3, 123_000, "-01:02:03.123")]
    [InlineData(4, 100, "-01:02:03.0001")]
    [InlineData(5, 999_990, "-01:02:03.99999")]
    [InlineData(6, 1, "-01:02:03.000001")]
    public void Time2_negative_with_fraction_reverses_the_stored_borrow(int fsp, int microseconds, string expected)
    {
        var value = (MySqlTime)Decode(Column(ColumnType.Time2, (ushort)fsp), Time2(true, 1, 2, 3, microseconds, fsp));
        Assert.Equal(expected, value.ToString());
        Assert.True(value.IsNegative);
        Assert.Equal(microseconds, value.Microseconds);
    }

    [Theory]
    [InlineData(0, false, 838, 59, 59, 0, "838:59:59")]
    [InlineData(0, true, 838, 59, 59, 0, "-838:59:59")]
    [InlineData(6, true, 838, 59, 59, 0, "-838:59:59.000000")]
    [InlineData(6, false, 0, 0, 0, 0, "00:00:00.000000")]
    [InlineData(2, true, 0, 0, 0, 10_000, "-00:00:00.01")]
    [InlineData(4, false, 12, 34, 56, 789_100, "12:34:56.7891")]
    public void Time2_edges(int fsp, bool negative, int h, int m, int s, int us, string expected) =>
        Assert.Equal(expected, Decode(Column(ColumnType.Time2, (ushort)fsp), Time2(negative, h, m, s, us, fsp)).ToString());

    [Fact]
    public void Time2_stored_bytes_match_the_documented_example()
    {
        // -00:00:01.5 with fsp 1: int part -2 (floor), fraction byte (char)-50 = 0xCE, as my_time_packed_to_binary writes it.
        Assert.Equal(Bytes("7FFFFE CE"), Time2(true, 0, 0, 1, 500_000, 1));
        Assert.Equal("-00:00:01.5", Decode(Column(ColumnType.Time2, 1), Bytes("7FFFFE CE")).ToString());
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 0, 0, 0, 0, "0000-00-00 00:00:00")]
    [InlineData(6, 0, 0, 0, 0, 0, 0, 0, "0000-00-00 00:00:00.000000")]
    [InlineData(0, 2020, 0, 0, 0, 0, 0, 0, "2020-00-00 00:00:00")]
    [InlineData(0, 2020, 5, 0, 1, 2, 3, 0, "2020-05-00 01:02:03")]
    [InlineData(6, 9999, 12, 31, 23, 59, 59, 999_999, "9999-12-31 23:59:59.999999")]
    [InlineData(3, 2024, 2, 29, 12, 0, 0, 123_000, "2024-02-29 12:00:00.123")]
    [InlineData(1, 1000, 1, 1, 0, 0, 0, 900_000, "1000-01-01 00:00:00.9")]
    public void DateTime2_keeps_zero_dates_and_the_column_fsp(int fsp, int y, int mo, int d, int h, int mi, int s, int us, string expected)
    {
        var value = (MySqlDateTime)Decode(Column(ColumnType.DateTime2, (ushort)fsp), DateTime2(y, mo, d, h, mi, s, us, fsp));
        Assert.Equal(expected, value.ToString());
        Assert.Equal(fsp, value.FractionDigits);
        Assert.Equal(MySqlDateTimeKind.DateTime, value.Kind);
    }

    [Fact]
    public void Timestamp2_with_fsp_3_is_utc()
    {
        var seconds = (uint)new DateTimeOffset(2024, 3, 10, 2, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var value = (MySqlDateTime)Decode(Column(ColumnType.Timestamp2, 3), Timestamp2(seconds, 456_000, 3));
        Assert.Equal("2024-03-10 02:30:00.456", value.ToString());
        Assert.Equal(MySqlDateTimeKind.Timestamp, value.Kind);
    }

    [Fact]
    public void Timestamp2_zero_is_the_zero_date() =>
        Assert.Equal("0000-00-00 00:00:00.00", Decode(Column(ColumnType.Timestamp2, 2), Timestamp2(0, 0, 2)).ToString());

    [Fact]
    public void Timestamp2_max_is_2038() =>
        Assert.Equal("2038-01-19 03:14:07", Decode(Column(ColumnType.Timestamp2, 0), Timestamp2(int.MaxValue, 0, 0)).ToString());

    [Theory]
    [InlineData(2024, 2, 29, "2024-02-29")]
    [InlineData(0, 0, 0, "0000-00-00")]
    [InlineData(9999, 12, 31, "9999-12-31")]
    [InlineData(2021, 0, 15, "2021-00-15")]
    public void Date_packs_day_month_year(int y, int m, int d, string expected)
    {
        var value = (MySqlDateTime)Decode(Column(ColumnType.Date, 0), Date(y, m, d));
        Assert.Equal(expected, value.ToString());
        Assert.Equal(MySqlDateTimeKind.Date, value.Kind);
    }

    [Fact]
    public void Old_time_datetime_and_timestamp_before_5_6_4()
    {
        Assert.Equal("-838:59:59", Decode(Column(ColumnType.Time, 0), Int24(-8385959)).ToString());
        Assert.Equal("12:34:56", Decode(Column(ColumnType.Time, 0), Int24(123456)).ToString());
        Assert.Equal("2020-01-02 03:04:05", Decode(Column(ColumnType.DateTime, 0), Int64(20200102030405)).ToString());
        Assert.Equal("0000-00-00 00:00:00", Decode(Column(ColumnType.DateTime, 0), Int64(0)).ToString());
        Assert.Equal("1970-01-01 00:00:01", Decode(Column(ColumnType.Timestamp, 0), Int32(1)).ToString());
        Assert.Equal("0000-00-00 00:00:00", Decode(Column(ColumnType.Timestamp, 0), Int32(0)).ToString());
    }

    [Fact]
    public void Bit_is_big_endian_of_its_byte_count()
    {
        // BIT(1): metadata bits%8 = 1, bytes = 0.
        Assert.Equal(1UL, Decode(Column(ColumnType.Bit, 0x0100), [0x01]));
        // BIT(64): 0 bits, 8 bytes.
        Assert.Equal(ulong.MaxValue, Decode(Column(ColumnType.Bit, 0x0008), Bytes("FFFFFFFFFFFFFFFF")));
        // BIT(10): 2 bits, 1 byte, stored in 2 bytes.
        Assert.Equal(0x2AAUL, Decode(Column(ColumnType.Bit, 0x0201), Bytes("02AA")));
    }

    [Fact]
    public void Enum_is_its_label_and_index_0_is_empty()
    {
        var column = Column(ColumnType.String, 0xF701, false, Utf8, "small", "medium", "large");
        Assert.Equal(ColumnType.Enum, column.Type);
        Assert.Equal("medium", Decode(column, [2]));
        Assert.Equal(string.Empty, Decode(column, [0]));
        Assert.Contains("beyond the 3 labels", Rejects(column, [4]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enum_with_more_than_255_labels_uses_two_bytes()
    {
        var labels = Enumerable.Range(0, 300).Select(i => $"v{i}").ToArray();
        Assert.Equal("v299", Decode(Column(ColumnType.String, 0xF702, false, Utf8, labels), Int16(300)));
    }

    [Fact]
    public void Enum_without_labels_is_a_clear_error() =>
        Assert.Contains("labels are unknown", Rejects(Column(ColumnType.String, 0xF701, false, Utf8), [1]).Message, StringComparison.Ordinal);

    [Fact]
    public void Set_joins_its_labels_in_declaration_order()
    {
        var column = Column(ColumnType.String, 0xF801, false, Utf8, "a", "b", "c", "d");
        Assert.Equal(ColumnType.Set, column.Type);
        Assert.Equal("a,c,d", Decode(column, [0b1101]));
        Assert.Equal("b", Decode(column, [0b0010]));
        Assert.Equal(string.Empty, Decode(column, [0]));
        Assert.Contains("beyond the 4 labels", Rejects(column, [0b10001]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_of_64_members_uses_eight_bytes()
    {
        var labels = Enumerable.Range(0, 64).Select(i => $"m{i}").ToArray();
        Assert.Equal("m0,m63", Decode(Column(ColumnType.String, 0xF808, false, Utf8, labels), UInt64(0x8000000000000001)));
    }

    [Fact]
    public void Char_longer_than_255_bytes_uses_the_bug_37426_metadata_and_a_2_byte_prefix()
    {
        // CHAR(100) utf8mb4 = 400 bytes: real type 0xFE ^ ((400 & 0x300) >> 4) = 0xEE, low byte 400 & 0xFF = 0x90.
        var column = Column(ColumnType.String, 0xEE90, false, Utf8);
        Assert.Equal(ColumnType.String, column.Type);
        Assert.Equal(400, column.Metadata);
        var text = new string('x', 260) + "😀";
        Assert.Equal(text, Decode(column, LengthPrefixed(text, Encoding.UTF8, 2)));
    }

    [Fact]
    public void Char_of_at_most_255_bytes_uses_a_1_byte_prefix() =>
        Assert.Equal("héllo", Decode(Column(ColumnType.String, 0xFE28, false, Utf8), LengthPrefixed("héllo", Encoding.UTF8, 1)));

    [Fact]
    public void Binary_char_is_padded_back_to_its_length() =>
        Assert.Equal(new byte[] { 0x61, 0, 0, 0 }, Decode(Column(ColumnType.String, 0xFE04), LengthPrefixed([0x61], 1)));

    [Fact]
    public void Varchar_prefix_depends_on_the_max_byte_length()
    {
        // VARCHAR(100) utf8mb4: 400 bytes max, so a 2-byte prefix even for a short value.
        Assert.Equal("ab😀", Decode(Column(ColumnType.VarChar, 400, false, Utf8), LengthPrefixed("ab😀", Encoding.UTF8, 2)));
        // VARCHAR(10) latin1: 10 bytes max, a 1-byte prefix; 0xE9 is é in cp1252.
        Assert.Equal("café", Decode(Column(ColumnType.VarChar, 10, false, Latin1), LengthPrefixed([0x63, 0x61, 0x66, 0xE9], 1)));
        // VARCHAR(255) latin1 still fits 1 byte; VARCHAR(256) does not.
        Assert.Equal("z", Decode(Column(ColumnType.VarChar, 255, false, Latin1), LengthPrefixed([0x7A], 1)));
        Assert.Equal("z", Decode(Column(ColumnType.VarString, 256, false, Latin1), LengthPrefixed([0x7A], 2)));
    }

    [Fact]
    public void Binary_strings_and_blobs_are_bytes()
    {
        Assert.Equal(new byte[] { 1, 2, 3 }, Decode(Column(ColumnType.VarChar, 20), LengthPrefixed([1, 2, 3], 1)));
        Assert.Equal(new byte[] { 0, 0xFF }, Decode(Column(ColumnType.Blob, 2), LengthPrefixed([0, 0xFF], 2)));
        Assert.Equal(new byte[] { 9 }, Decode(Column(ColumnType.Blob, 4), LengthPrefixed([9], 4)));
    }

    [Fact]
    public void Text_blobs_use_the_column_encoding() =>
        Assert.Equal("long text 😀", Decode(Column(ColumnType.Blob, 3, false, Utf8), LengthPrefixed("long text 😀", Encoding.UTF8, 3)));

    [Fact]
    public void Geometry_is_srid_and_wkb()
    {
        byte[] point = [.. Int32(4326), 0x01, 0x01, 0, 0, 0, .. Double(1), .. Double(2)];
        var value = (MySqlGeometry)Decode(Column(ColumnType.Geometry, 4), LengthPrefixed(point, 4));
        Assert.Equal(4326u, value.Srid);
        Assert.Equal(21, value.Wkb.Length);
    }

    [Fact]
    public void Json_is_text_and_empty_json_is_null()
    {
        var json = Builders.JsonBinaryWriter.Document(Builders.JsonBinaryWriter.Object(("a", 1)));
        Assert.Equal("{\"a\":1}", Decode(Column(ColumnType.Json, 4), LengthPrefixed(json, 4)));
        Assert.Equal("null", Decode(Column(ColumnType.Json, 4), LengthPrefixed([], 4)));
    }

    [Fact]
    public void Vector_is_bytes() =>
        Assert.Equal(Float(1.5f), Decode(Column(ColumnType.Vector, 4), LengthPrefixed(Float(1.5f), 4)));

    [Fact]
    public void A_length_beyond_the_value_is_rejected_without_allocating_it()
    {
        var error = Rejects(Column(ColumnType.Blob, 4), [0xFF, 0xFF, 0xFF, 0x7F, 1, 2]);
        Assert.Contains("2147483647 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_fixed_width_values_are_rejected()
    {
        Rejects(Column(ColumnType.LongLong, 0), [1, 2, 3]);
        Rejects(Column(ColumnType.DateTime2, 6), [0x80, 0, 0, 0, 0, 0]);
        Rejects(Column(ColumnType.NewDecimal, (65 << 8) | 30), [0x80]);
    }

    [Fact]
    public void Out_of_range_temporal_fields_are_protocol_errors_not_argument_errors()
    {
        // DATETIME2 with minute 63.
        Rejects(Column(ColumnType.DateTime2, 0), DateTime2(2020, 1, 1, 0, 63, 0, 0, 0));
        // TIME2 with fsp 3 and a fraction that is not a multiple of 1000 microseconds.
        Rejects(Column(ColumnType.Time2, 1), [0x80, 0, 0, 0xFF]);
    }
}
