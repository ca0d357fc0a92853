using System.Globalization;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.IntegrationTests.Client;

/// <summary>Every column type's edge values come back exactly, through the text and the binary protocol, and go back in exactly.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class ValueRoundTripTests(MariaDbFixture db)
{
    private const string Columns =
        "ti, tiu, si, mi, i, iu, bi, biu, f, d, dec65, dec0, b1, b64, dt, dtm, dtm6, ts, tm, tm6, y, c, vc, tx, bn, vb, bl, j, e, st, g";

    private const string MaxRow =
        "1, 127, 255, 32767, 8388607, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615, 1.5, 1.7976931348623157e308, " +
        "'99999999999999999999999999999999999.999999999999999999999999999999', '99999999999999999999999999999999999999999999999999999999999999999', " +
        "b'1', b'1111111111111111111111111111111111111111111111111111111111111111', '9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59.999999', " +
        "'2038-01-19 03:14:07.999999', '838:59:59', '838:59:59.000000', 2155, 'abc', '😀 ünïcödé 中文', REPEAT('t', 1000), X'00FF0001', X'7F', X'DEADBEEF', " +
        "'{\"a\": [1, 2.5, \"x\"]}', 'c', 'x,z', ST_GeomFromText('POINT(1 2)', 4326)";

    private const string MinRow =
        "2, -128, 0, -32768, -8388608, -2147483648, 0, -9223372036854775808, 0, -1.5, -0.0, " +
        "'-99999999999999999999999999999999999.999999999999999999999999999999', '-12345678901234567890123456789012345678901234567890123456789012345', " +
        "b'0', b'0', '0000-00-00', '0000-00-00 00:00:00', '2020-00-15 00:00:00.000001', '1970-01-01 00:00:01.000000', '-838:59:59', '-00:00:00.000001', 0, " +
        "'', 'trailing  ', '', X'00000000', X'', X'', '[]', 'a', '', ST_GeomFromText('LINESTRING(0 0, 1.5 -2)')";

    [Fact]
    public async Task Edge_values_decode_exactly_through_text_and_binary_protocols()
    {
        await using var connection = await OpenWithTableAsync();
        foreach (var binary in new[] { false, true })
        {
            var max = await ReadRowAsync(connection, 1, binary);
            Assert.Equal(127L, max["ti"]);
            Assert.Equal(255UL, max["tiu"]);
            Assert.Equal(8388607L, max["mi"]);
            Assert.Equal(4294967295UL, max["iu"]);
            Assert.Equal(long.MaxValue, max["bi"]);
            Assert.Equal(ulong.MaxValue, max["biu"]);
            Assert.Equal(1.5f, max["f"]);
            Assert.Equal(double.MaxValue, max["d"]);
            Assert.Equal("99999999999999999999999999999999999.999999999999999999999999999999", max["dec65"]!.ToString());
            Assert.Equal(new string('9', 65), max["dec0"]!.ToString());
            Assert.Equal(1UL, max["b1"]);
            Assert.Equal(ulong.MaxValue, max["b64"]);
            Assert.Equal("9999-12-31", max["dt"]!.ToString());
            Assert.Equal("9999-12-31 23:59:59", max["dtm"]!.ToString());
            Assert.Equal("9999-12-31 23:59:59.999999", max["dtm6"]!.ToString());
            Assert.Equal("2038-01-19 03:14:07.999999", max["ts"]!.ToString());
            Assert.Equal("838:59:59", max["tm"]!.ToString());
            Assert.Equal("838:59:59.000000", max["tm6"]!.ToString());
            Assert.Equal(2155, max["y"]);
            Assert.Equal("abc", max["c"]);
            Assert.Equal("😀 ünïcödé 中文", max["vc"]);
            Assert.Equal(new string('t', 1000), max["tx"]);
            Assert.Equal(new byte[] { 0, 0xFF, 0, 1 }, max["bn"]);
            Assert.Equal(new byte[] { 0x7F }, max["vb"]);
            Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, max["bl"]);
            Assert.Equal("{\"a\": [1, 2.5, \"x\"]}", max["j"]);
            Assert.Equal("c", max["e"]);
            Assert.Equal("x,z", max["st"]);
            var point = Assert.IsType<MySqlGeometry>(max["g"]);
            Assert.Equal(4326u, point.Srid);
            Assert.Equal(Convert.FromHexString("0101000000000000000000F03F0000000000000040"), point.Wkb);

            var min = await ReadRowAsync(connection, 2, binary);
            Assert.Equal(-128L, min["ti"]);
            Assert.Equal(long.MinValue, min["bi"]);
            Assert.Equal(0UL, min["biu"]);
            Assert.Equal(-1.5f, min["f"]);
            Assert.Equal("-99999999999999999999999999999999999.999999999999999999999999999999", min["dec65"]!.ToString());
            Assert.Equal("-12345678901234567890123456789012345678901234567890123456789012345", min["dec0"]!.ToString());
            Assert.Equal(0UL, min["b64"]);
            var zeroDate = Assert.IsType<MySqlDateTime>(min["dt"]);
            Assert.True(zeroDate.IsZero);
            Assert.Equal("0000-00-00", zeroDate.ToString());
            Assert.Equal("0000-00-00 00:00:00", min["dtm"]!.ToString());
            Assert.Equal("2020-00-15 00:00:00.000001", min["dtm6"]!.ToString());
            Assert.Equal("-838:59:59", min["tm"]!.ToString());
            Assert.Equal("-00:00:00.000001", min["tm6"]!.ToString());
            Assert.Equal(0, min["y"]);
            Assert.Equal(string.Empty, min["c"]);
            Assert.Equal("trailing  ", min["vc"]);
            Assert.Equal(Array.Empty<byte>(), min["vb"]);
            Assert.Equal("[]", min["j"]);
            Assert.Equal(string.Empty, min["st"]);

            var nulls = await ReadRowAsync(connection, 3, binary);
            Assert.All(nulls.Where(kv => kv.Key != "id"), kv => Assert.Null(kv.Value));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Decoded_values_written_back_are_identical_on_the_server(bool asPreparedParameters)
    {
        await using var connection = await OpenWithTableAsync();
        foreach (var sourceId in new[] { 1, 2, 3 })
        {
            var row = await ReadRowAsync(connection, sourceId, binary: asPreparedParameters);
            var copyId = sourceId + 100;
            var values = Columns.Split(", ").Select(c => row[c]).ToList();
            if (asPreparedParameters)
            {
                await using var insert = await connection.PrepareAsync($"INSERT INTO every_type (id, {Columns}) VALUES (?, {string.Join(", ", values.Select(_ => "?"))})");
                await insert.ExecuteAsync([copyId, .. values]);
            }
            else
            {
                await connection.ExecuteAsync($"INSERT INTO every_type (id, {Columns}) VALUES ({copyId}, {string.Join(", ", values.Select(SqlLiteral.Format))})");
            }

            var same = string.Join(" AND ", Columns.Split(", ").Select(c => $"a.{c} <=> b.{c}"));
            var matches = await connection.QueryScalarAsync($"SELECT COUNT(*) FROM every_type a JOIN every_type b ON a.id = {sourceId} AND b.id = {copyId} WHERE {same}");
            Assert.Equal(1L, matches);
        }
    }

    private async Task<MySqlConnection> OpenWithTableAsync()
    {
        var database = await db.CreateDatabaseAsync("types");
        var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{database}");
        await connection.ExecuteAsync("SET SESSION sql_mode = '', time_zone = '+00:00'");
        await connection.ExecuteAsync(
            "CREATE TABLE every_type (id INT PRIMARY KEY, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT, i INT, iu INT UNSIGNED, " +
            "bi BIGINT, biu BIGINT UNSIGNED, f FLOAT, d DOUBLE, dec65 DECIMAL(65,30), dec0 DECIMAL(65,0), b1 BIT(1), b64 BIT(64), " +
            "dt DATE, dtm DATETIME, dtm6 DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, tm TIME, tm6 TIME(6), y YEAR, " +
            "c CHAR(10), vc VARCHAR(100), tx TEXT, bn BINARY(4), vb VARBINARY(10), bl BLOB, j JSON, e ENUM('a','b','c'), st SET('x','y','z'), g GEOMETRY" +
            ") DEFAULT CHARSET = utf8mb4");
        await connection.ExecuteAsync($"INSERT INTO every_type (id, {Columns}) VALUES ({MaxRow}), ({MinRow}), (3{string.Concat(Enumerable.Repeat(", NULL", 31))})");
        return connection;
    }

    private static async Task<Dictionary<string, object?>> ReadRowAsync(MySqlConnection connection, int id, bool binary)
    {
        MySqlDataReader reader;
        MySqlPreparedStatement? statement = null;
        if (binary)
        {
            statement = await connection.PrepareAsync("SELECT * FROM every_type WHERE id = ?");
            reader = await statement.ExecuteQueryAsync(id);
        }
        else
        {
            reader = await connection.QueryAsync($"SELECT * FROM every_type WHERE id = {id.ToString(CultureInfo.InvariantCulture)}");
        }

        await using (reader)
        {
            Assert.True(await reader.ReadAsync());
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.Columns[i].Name] = reader.GetValue(i);
            }

            Assert.False(await reader.ReadAsync());
            if (statement is not null)
            {
                await reader.DisposeAsync();
                await statement.DisposeAsync();
            }

            return row;
        }
    }
}
