using Tandem.Core.Model;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Capture;

/// <summary>
/// Every column type and its edge values, inserted, updated and deleted on a real MariaDB, decoded from the binlog and
/// compared with what the server returns for the same rows over the binary protocol (an independent decoder).
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class EveryTypeCaptureTests
{
    internal const string CreateTable = """
        CREATE TABLE every (
          id INT PRIMARY KEY,
          ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, su SMALLINT UNSIGNED, mi MEDIUMINT, mu MEDIUMINT UNSIGNED,
          i INT, iu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED,
          f FLOAT, d DOUBLE, dec65 DECIMAL(65,30), dec10 DECIMAL(10,0), dec52 DECIMAL(5,2), decu DECIMAL(20,4) UNSIGNED,
          b1 BIT(1), b13 BIT(13), b64 BIT(64), y YEAR,
          dt DATE, tm TIME, tm3 TIME(3), tm6 TIME(6), dtm DATETIME, dtm6 DATETIME(6), ts TIMESTAMP(3) NULL DEFAULT NULL,
          ch CHAR(10), ch4 CHAR(200) CHARACTER SET utf8mb4, vc VARCHAR(100), vcl VARCHAR(10) CHARACTER SET latin1, vcb VARCHAR(300),
          bn BINARY(4), vb VARBINARY(20),
          tt TINYTEXT, tx TEXT, mt MEDIUMTEXT, lt LONGTEXT, tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB,
          e ENUM('a','b','c'), s SET('x','y','z'), j JSON, g GEOMETRY, p POINT,
          i4 INET4, i6 INET6, u UUID
        ) DEFAULT CHARSET=utf8mb4
        """;

    /// <summary>The columns of <see cref="CreateTable"/> after <c>id</c>, one per type, in table order.</summary>
    internal static readonly string[] ValueColumns =
    [
        "ti", "tu", "si", "su", "mi", "mu", "i", "iu", "bi", "bu",
        "f", "d", "dec65", "dec10", "dec52", "decu",
        "b1", "b13", "b64", "y",
        "dt", "tm", "tm3", "tm6", "dtm", "dtm6", "ts",
        "ch", "ch4", "vc", "vcl", "vcb",
        "bn", "vb",
        "tt", "tx", "mt", "lt", "tb", "bl", "mb", "lb",
        "e", "s", "j", "g", "p",
        "i4", "i6", "u",
    ];

    internal static readonly string[] Rows =
    [
        // Minimums, zero dates, negative TIME with fractions, empty strings.
        """
        (1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,
         -3.40282e38, -1.7976931348623157e308, -99999999999999999999999999999999999.999999999999999999999999999999, -9999999999, -999.99, 0.0000,
         0, 0, 0, 0,
         '0000-00-00', '-838:59:59', '-00:00:00.001', '-838:59:58.999999', '0000-00-00 00:00:00', '0000-00-00 00:00:00.000000', '1970-01-01 00:00:01.000',
         '', '', '', '', '',
         X'', X'',
         '', '', '', '', X'', X'', X'', X'',
         '', '', '[]', ST_GeomFromText('POINT(0 0)'), ST_GeomFromText('POINT(-1.5 2.25)'),
         '0.0.0.0', '::', '00000000-0000-0000-0000-000000000000')
        """,
        // Maximums, emoji, 65-digit decimals.
        """
        (2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,
         3.40282e38, 1.7976931348623157e308, 99999999999999999999999999999999999.999999999999999999999999999999, 9999999999, 999.99, 9999999999999999.9999,
         1, 8191, 18446744073709551615, 2155,
         '9999-12-31', '838:59:59', '838:59:58.999', '838:59:59.000000', '9999-12-31 23:59:59', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999',
         'abcdefghij', REPEAT('😀', 200), CONCAT('emoji 😀 ', REPEAT('x', 91)), 'caf\u00e9', REPEAT('ü', 300),
         X'DEADBEEF', X'00FF00FF00',
         REPEAT('t', 255), REPEAT('字', 1000), REPEAT('m', 70000), REPEAT('L', 100000), X'01', X'0203', REPEAT(X'AB', 70000), REPEAT(X'CD', 100000),
         'c', 'x,y,z', '{"a": [1, 2.5, "x", null, true], "b": {"c": "😀"}}', ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))', 4326), ST_GeomFromText('POINT(1e300 -1e-300)'),
         '255.255.255.255', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff')
        """,
        // NULL in every nullable column.
        """
        (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
        """,
        // Ordinary values with fractions and partial dates.
        """
        (4, 1, 2, -3, 4, -5, 6, -7, 8, -9, 10,
         1.5, 0.1, 0.000000000000000000000000000001, 1, -0.01, 1.5,
         1, 5, 1, 1901,
         '2024-02-29', '12:34:56', '-12:34:56.789', '00:00:00.000001', '2024-02-29 12:34:56', '2024-00-00 00:00:00.5', '2024-06-01 12:00:00.123',
         'x', 'ÿ', 'v', '', 'y',
         X'01', X'0001',
         't', 'text', 'medium', 'long', X'00', X'FF', X'1234', X'5678',
         'a', '', '{"k": 1}', ST_GeomFromText('LINESTRING(0 0, 1 1, 2 4)'), ST_GeomFromText('POINT(3 4)'),
         '127.0.0.1', '::ffff:1.2.3.4', '6ccd780c-baba-1026-9564-5b8c656024db')
        """,
    ];

    private readonly MariaDbFixture _fixture;

    public EveryTypeCaptureTests(MariaDbFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Inserts_updates_and_deletes_of_every_type_decode_exactly_as_the_server_reads_them()
    {
        var database = await _fixture.CreateDatabaseAsync("every");
        var uri = $"{_fixture.Server.Uri}/{database}";
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await connection.ExecuteAsync("SET time_zone = '+00:00', sql_mode = ''");
        await connection.ExecuteAsync(CreateTable);
        var start = await CaptureRun.CurrentPositionAsync(uri);

        foreach (var row in Rows)
            await connection.ExecuteAsync($"INSERT INTO every VALUES {row}");
        var expected = await ReadRowsAsync(connection);
        await connection.ExecuteAsync("UPDATE every SET bu = 1, dec65 = -dec65, e = 'b', j = JSON_OBJECT('u', 1) WHERE id = 2");
        var updated = (await ReadRowsAsync(connection))[2];
        await connection.ExecuteAsync("DELETE FROM every WHERE id = 1");

        var changes = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, start), Rows.Length + 2);

        for (var i = 0; i < Rows.Length; i++)
        {
            var insert = changes[i].Row;
            Assert.Equal(ChangeKind.Insert, insert.Kind);
            var id = (long)insert.After![0]!;
            Assert.Equal(expected[id], ValueText.Named(insert.Table, insert.After));
        }

        var update = changes[Rows.Length].Row;
        Assert.Equal(ChangeKind.Update, update.Kind);
        Assert.Equal(expected[2], ValueText.Named(update.Table, update.Before!));
        Assert.Equal(updated, ValueText.Named(update.Table, update.After!));

        var delete = changes[Rows.Length + 1].Row;
        Assert.Equal(ChangeKind.Delete, delete.Kind);
        Assert.Null(delete.After);
        Assert.Equal(expected[1], ValueText.Named(delete.Table, delete.Before!));
    }

    [Fact]
    public async Task Inet4_inet6_and_uuid_values_and_keys_decode_as_the_server_prints_them()
    {
        var database = await _fixture.CreateDatabaseAsync("plugins");
        var uri = $"{_fixture.Server.Uri}/{database}";
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await connection.ExecuteAsync(PluginTypeRows.CreateTable);
        var start = await CaptureRun.CurrentPositionAsync(uri);

        var rows = PluginTypeRows.Rows().ToList();
        foreach (var row in rows)
            await connection.ExecuteAsync($"INSERT INTO plugins VALUES {row}");
        var states = new List<Dictionary<string, Dictionary<string, string>>> { await ReadPluginRowsAsync(connection) };
        foreach (var change in PluginTypeRows.Changes)
        {
            await connection.ExecuteAsync(change);
            states.Add(await ReadPluginRowsAsync(connection));
        }

        var changes = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, start), rows.Count + PluginTypeRows.Changes.Length);

        // Each insert equals the row the server reads back; each later change has the row of the state before it as its
        // before-image and the row of the state after it as its after-image.
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i].Row;
            var (before, after) = i < rows.Count ? (null, states[0]) : (states[i - rows.Count], states[i - rows.Count + 1]);
            if (change.Before is { } image)
                Assert.Equal(before![Key(image)], ValueText.Named(change.Table, image));
            if (change.After is { } afterImage)
                Assert.Equal(after[Key(afterImage)], ValueText.Named(change.Table, afterImage));
        }

        Assert.Contains(changes, static c => c.Row.Kind == ChangeKind.Update && !Equals(c.Row.Before![0], c.Row.After![0]));
        Assert.Contains(changes, static c => c.Row.Kind == ChangeKind.Delete);
        Assert.Equal("::ffff:1.2.3.4", changes[2].Row.After![1]);
        Assert.Equal("6ccd780c-baba-1026-9564-5b8c656024db", changes[2].Row.After![0]);
    }

    private static string Key(object?[] image) => ValueText.Of(image[0]);

    /// <summary>The plugin-typed rows as the server returns them over the binary protocol, by their UUID key.</summary>
    private static async Task<Dictionary<string, Dictionary<string, string>>> ReadPluginRowsAsync(MySqlConnection connection)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        await using var statement = await connection.PrepareAsync("SELECT * FROM plugins");
        await using var reader = await statement.ExecuteQueryAsync();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
                row[reader.Columns[i].Name] = ValueText.Of(reader.GetValue(i));
            result[row["u"]] = row;
        }

        return result;
    }

    /// <summary>The rows as the server returns them over the binary protocol, by id, as comparable text.</summary>
    private static async Task<Dictionary<long, Dictionary<string, string>>> ReadRowsAsync(MySqlConnection connection)
    {
        var result = new Dictionary<long, Dictionary<string, string>>();
        await using var statement = await connection.PrepareAsync("SELECT * FROM every ORDER BY id");
        await using var reader = await statement.ExecuteQueryAsync();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
                row[reader.Columns[i].Name] = ValueText.Of(reader.GetValue(i));
            result[Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] = row;
        }

        return result;
    }
}
