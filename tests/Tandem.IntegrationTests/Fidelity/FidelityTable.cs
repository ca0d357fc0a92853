namespace Tandem.IntegrationTests.Fidelity;

/// <summary>
/// A table with a column of every type MariaDB 10.11 has, each with its edge values: row 1 the minimum (and zero dates,
/// empty strings), row 2 the maximum, row 3 NULL everywhere, row 4 an ordinary value, row 5 an odd one (partial zero
/// dates, -0, subnormals, fractions at the width boundaries of the binlog's temporal formats). The type names MariaDB
/// also accepts (INTEGER, REAL, DOUBLE PRECISION, NUMERIC, DEC, FIXED, BOOLEAN, NATIONAL CHAR, CHAR BYTE, LONG VARCHAR,
/// FLOAT(p)) are aliases of these types (https://mariadb.com/kb/en/data-types/), so they have no columns of their own.
/// </summary>
internal static class FidelityTable
{
    public const string Name = "fidelity";

    public const int RowCount = 5;

    /// <summary>An ENUM of 300 members, so its index takes two bytes in a row image.</summary>
    private static readonly string WideEnum = "ENUM(" + string.Join(", ", Enumerable.Range(0, 300).Select(i => $"'v{i}'")) + ")";

    /// <summary>A SET of 64 members, so its bitmap takes eight bytes in a row image.</summary>
    private static readonly string WideSet = "SET(" + string.Join(", ", Enumerable.Range(0, 64).Select(i => $"'m{i}'")) + ")";

    private static readonly string AllOfWideSet = "'" + string.Join(",", Enumerable.Range(0, 64).Select(i => $"m{i}")) + "'";

    public static readonly FidelityColumn[] Columns =
    [
        new("ti", "TINYINT", ValueKind.Integer, "-128", "127", "0", "-1"),
        new("tu", "TINYINT UNSIGNED", ValueKind.Integer, "0", "255", "1", "128"),
        new("t1", "TINYINT(1)", ValueKind.Integer, "-128", "127", "1", "0"),
        new("si", "SMALLINT", ValueKind.Integer, "-32768", "32767", "-1", "256"),
        new("su", "SMALLINT UNSIGNED", ValueKind.Integer, "0", "65535", "1", "32768"),
        new("mi", "MEDIUMINT", ValueKind.Integer, "-8388608", "8388607", "-1", "65536"),
        new("mu", "MEDIUMINT UNSIGNED", ValueKind.Integer, "0", "16777215", "1", "8388608"),
        new("i", "INT", ValueKind.Integer, "-2147483648", "2147483647", "-1", "16777216"),
        new("iu", "INT UNSIGNED", ValueKind.Integer, "0", "4294967295", "1", "2147483648"),
        new("iz", "INT(5) UNSIGNED ZEROFILL", ValueKind.Integer, "0", "4294967295", "42", "123456"),
        new("bi", "BIGINT", ValueKind.Integer, "-9223372036854775808", "9223372036854775807", "-1", "4294967296"),
        new("bu", "BIGINT UNSIGNED", ValueKind.Integer, "0", "18446744073709551615", "1", "9223372036854775808"),
        new("f", "FLOAT", ValueKind.Float, "-3.40282e38", "3.40282e38", "0.1", "1.0000001"),
        new("fz", "FLOAT", ValueKind.Float, "-0e0", "1.4e-45", "1.17549435e-38", "16777217"),
        new("d", "DOUBLE", ValueKind.Double, "-1.7976931348623157e308", "1.7976931348623157e308", "0.1", "1.0000000000000002"),
        new("dz", "DOUBLE", ValueKind.Double, "-0e0", "4.9e-324", "2.2250738585072014e-308", "9007199254740993"),
        new("dec65", "DECIMAL(65,30)", ValueKind.Decimal,
            "-99999999999999999999999999999999999.999999999999999999999999999999",
            "99999999999999999999999999999999999.999999999999999999999999999999",
            "0.000000000000000000000000000001", "-1"),
        new("dec0", "DECIMAL(65,0)", ValueKind.Decimal, "-" + new string('9', 65), new string('9', 65), "0", "-12345678901234567890123456789012345678901234567890123456789012345"),
        new("dec10", "DECIMAL(10,0)", ValueKind.Decimal, "-9999999999", "9999999999", "1", "-1000000000"),
        new("dec52", "DECIMAL(5,2)", ValueKind.Decimal, "-999.99", "999.99", "-0.01", "0"),
        new("dec189", "DECIMAL(18,9)", ValueKind.Decimal, "-999999999.999999999", "999999999.999999999", "0.000000001", "-100000000.1"),
        new("dec11", "DECIMAL(1,1)", ValueKind.Decimal, "-0.9", "0.9", "0.0", "-0.1"),
        new("decu", "DECIMAL(20,4) UNSIGNED", ValueKind.Decimal, "0.0000", "9999999999999999.9999", "1.5", "0.0001"),
        new("b1", "BIT(1)", ValueKind.Integer, "b'0'", "b'1'", "b'1'", "b'0'"),
        new("b8", "BIT(8)", ValueKind.Integer, "b'0'", "b'11111111'", "b'10000000'", "b'1'"),
        new("b13", "BIT(13)", ValueKind.Integer, "b'0'", "b'1111111111111'", "b'101'", "b'1000000000000'"),
        new("b64", "BIT(64)", ValueKind.Integer, "b'0'", "b'" + new string('1', 64) + "'", "b'1" + new string('0', 63) + "'", "b'1'"),
        new("y", "YEAR", ValueKind.Integer, "0", "2155", "1901", "2000"),
        new("dt", "DATE", ValueKind.Date, "'0000-00-00'", "'9999-12-31'", "'2024-02-29'", "'2024-00-01'"),
        new("dtm", "DATETIME", ValueKind.DateTime, "'0000-00-00 00:00:00'", "'9999-12-31 23:59:59'", "'2024-02-29 12:34:56'", "'2024-01-00 00:00:00'"),
        new("dtm1", "DATETIME(1)", ValueKind.DateTime, "'0000-00-00 00:00:00.0'", "'9999-12-31 23:59:59.9'", "'2024-02-29 12:34:56.1'", "'1000-01-01 00:00:00.5'"),
        new("dtm3", "DATETIME(3)", ValueKind.DateTime, "'0000-00-00 00:00:00.000'", "'9999-12-31 23:59:59.999'", "'2024-02-29 12:34:56.001'", "'2024-00-00 00:00:00.5'"),
        new("dtm6", "DATETIME(6)", ValueKind.DateTime, "'0000-00-00 00:00:00.000000'", "'9999-12-31 23:59:59.999999'", "'2024-02-29 12:34:56.000001'", "'2020-00-15 00:00:00.000001'"),
        new("ts", "TIMESTAMP NULL DEFAULT NULL", ValueKind.DateTime, "'1970-01-01 00:00:01'", "'2038-01-19 03:14:07'", "'2024-02-29 12:34:56'", "'0000-00-00 00:00:00'"),
        new("ts2", "TIMESTAMP(2) NULL DEFAULT NULL", ValueKind.DateTime, "'1970-01-01 00:00:01.00'", "'2038-01-19 03:14:07.99'", "'2024-02-29 12:34:56.5'", "'2000-01-01 00:00:00.01'"),
        new("ts5", "TIMESTAMP(5) NULL DEFAULT NULL", ValueKind.DateTime, "'1970-01-01 00:00:01.00000'", "'2038-01-19 03:14:07.99999'", "'2024-02-29 12:34:56.00001'", "'0000-00-00 00:00:00.00000'"),
        new("tm", "TIME", ValueKind.Time, "'-838:59:59'", "'838:59:59'", "'12:34:56'", "'00:00:00'"),
        new("tm1", "TIME(1)", ValueKind.Time, "'-838:59:58.9'", "'838:59:58.9'", "'-00:00:00.1'", "'24:00:00.5'"),
        new("tm4", "TIME(4)", ValueKind.Time, "'-838:59:59.9999'", "'838:59:59.9999'", "'100:00:00.0001'", "'-00:00:00.0001'"),
        new("tm6", "TIME(6)", ValueKind.Time, "'-838:59:59.999999'", "'838:59:59.999999'", "'-00:00:00.000001'", "'-24:00:00.5'"),
        new("ch", "CHAR(10)", ValueKind.Text, "''", "'abcdefghij'", "'x'", "'  lead'"),
        new("ch4", "CHAR(200) CHARACTER SET utf8mb4", ValueKind.Text, "''", "REPEAT('😀', 200)", "'ÿ'", "'a😀b'"),
        new("vc", "VARCHAR(100)", ValueKind.Text, "''", "CONCAT('emoji 😀 ', REPEAT('x', 91))", "'trailing  '", "'tab\\tnewline\\nquote\\'nul\\0end'"),
        new("vcb", "VARCHAR(300)", ValueKind.Text, "''", "REPEAT('ü', 300)", "'y'", "'中文 ünïcödé'"),
        new("chl", "CHAR(5) CHARACTER SET latin1", ValueKind.Text, "''", "'ÿÿÿÿÿ'", "'€'", "'Ž œ'"),
        new("vcl", "VARCHAR(20) CHARACTER SET latin1", ValueKind.Text, "''", "'café € ÿ'", "'Ž'", "'‰ „ ¤'"),
        new("vca", "VARCHAR(10) CHARACTER SET ascii", ValueKind.Text, "''", "'~~~~~~~~~~'", "'abc'", "' !@#$%^&*('"),
        new("vc16", "VARCHAR(20) CHARACTER SET utf16", ValueKind.Text, "''", "'😀 𝄞 中'", "'ab'", "'ü'"),
        new("vcu2", "VARCHAR(20) CHARACTER SET ucs2", ValueKind.Text, "''", "'ü中文'", "'a'", "'Ω'"),
        new("vc32", "VARCHAR(10) CHARACTER SET utf32", ValueKind.Text, "''", "'😀𝄞'", "'a'", "'ü'"),
        new("vcr", "VARCHAR(10) CHARACTER SET cp1251", ValueKind.Text, "''", "'Привет'", "'ё'", "'Ђ'"),
        new("vcj", "VARCHAR(10) CHARACTER SET sjis", ValueKind.Text, "''", "'日本語'", "'ｱ'", "'表'"),
        new("bn", "BINARY(4)", ValueKind.Binary, "X''", "X'DEADBEEF'", "X'01'", "X'00000000'"),
        new("vb", "VARBINARY(20)", ValueKind.Binary, "X''", "X'00FF00FF00'", "X'00'", "X'20'"),
        new("tt", "TINYTEXT", ValueKind.Text, "''", "REPEAT('t', 255)", "'t'", "'😀'"),
        new("tx", "TEXT", ValueKind.Text, "''", "REPEAT('字', 1000)", "'text'", "'😀'"),
        new("mt", "MEDIUMTEXT", ValueKind.Text, "''", "REPEAT('m', 70000)", "'medium'", "'😀'"),
        new("lt", "LONGTEXT", ValueKind.Text, "''", "REPEAT('L', 100000)", "'long'", "'😀'"),
        new("tb", "TINYBLOB", ValueKind.Binary, "X''", "REPEAT(X'FF', 255)", "X'00'", "X'01'"),
        new("bl", "BLOB", ValueKind.Binary, "X''", "REPEAT(X'AB', 1000)", "X'FF'", "X'00'"),
        new("mb", "MEDIUMBLOB", ValueKind.Binary, "X''", "REPEAT(X'AB', 70000)", "X'1234'", "X'00'"),
        new("lb", "LONGBLOB", ValueKind.Binary, "X''", "REPEAT(X'CD', 100000)", "X'5678'", "X'00'"),
        new("e", "ENUM('a','b','c')", ValueKind.Text, "''", "'c'", "'a'", "'b'"),
        new("e300", WideEnum, ValueKind.Text, "'v0'", "'v299'", "'v255'", "'v256'"),
        new("s", "SET('x','y','z')", ValueKind.Text, "''", "'x,y,z'", "'y'", "'z,x'"),
        new("s64", WideSet, ValueKind.Text, "''", AllOfWideSet, "'m63'", "'m0,m8'"),
        new("j", "JSON", ValueKind.Text, "'[]'", "'{\"a\": [1, 2.5, \"x\", null, true], \"b\": {\"c\": \"😀\"}}'", "'{\"k\": 1}'", "'\"text\"'"),
        new("g", "GEOMETRY", ValueKind.Geometry, "ST_GeomFromText('POINT(0 0)')", "ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))', 4326)", "ST_GeomFromText('LINESTRING(0 0, 1 1, 2 4)')", "ST_GeomFromText('GEOMETRYCOLLECTION EMPTY')"),
        new("p", "POINT", ValueKind.Geometry, "ST_GeomFromText('POINT(-1.5 2.25)')", "ST_GeomFromText('POINT(1e300 -1e-300)')", "ST_GeomFromText('POINT(3 4)', 4326)", "ST_GeomFromText('POINT(0 0)')"),
        new("ls", "LINESTRING", ValueKind.Geometry, "ST_GeomFromText('LINESTRING(0 0, 0 0)')", "ST_GeomFromText('LINESTRING(-1e300 1e300, 1e300 -1e300, 0 1)')", "ST_GeomFromText('LINESTRING(1 2, 3 4)')", "ST_GeomFromText('LINESTRING(0 0, 1 1)', 3857)"),
        new("pg", "POLYGON", ValueKind.Geometry, "ST_GeomFromText('POLYGON((0 0, 1 0, 0 1, 0 0))')", "ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 2 1, 2 2, 1 1))')", "ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))', 4326)", "ST_GeomFromText('POLYGON((0 0, 2 0, 0 2, 0 0))')"),
        new("mp", "MULTIPOINT", ValueKind.Geometry, "ST_GeomFromText('MULTIPOINT(0 0)')", "ST_GeomFromText('MULTIPOINT(0 0, 1 1, -1 -1)')", "ST_GeomFromText('MULTIPOINT(1 2)')", "ST_GeomFromText('MULTIPOINT(1 1, 1 1)')"),
        new("ml", "MULTILINESTRING", ValueKind.Geometry, "ST_GeomFromText('MULTILINESTRING((0 0, 1 1))')", "ST_GeomFromText('MULTILINESTRING((0 0, 1 1), (2 2, 3 3, 4 4))')", "ST_GeomFromText('MULTILINESTRING((1 2, 3 4))')", "ST_GeomFromText('MULTILINESTRING((0 0, 0 1))')"),
        new("mpg", "MULTIPOLYGON", ValueKind.Geometry, "ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 0 1, 0 0)))')", "ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 0 1, 0 0)), ((5 5, 6 5, 5 6, 5 5)))')", "ST_GeomFromText('MULTIPOLYGON(((1 1, 2 1, 1 2, 1 1)))')", "ST_GeomFromText('MULTIPOLYGON(((0 0, 3 0, 0 3, 0 0)))')"),
        new("gc", "GEOMETRYCOLLECTION", ValueKind.Geometry, "ST_GeomFromText('GEOMETRYCOLLECTION EMPTY')", "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1), POLYGON((0 0, 1 0, 0 1, 0 0)))')", "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 2))')", "ST_GeomFromText('GEOMETRYCOLLECTION(MULTIPOINT(0 0, 1 1))')"),
        new("i4", "INET4", ValueKind.PluginText, "'0.0.0.0'", "'255.255.255.255'", "'192.168.0.1'", "'10.0.0.255'"),
        new("i6", "INET6", ValueKind.PluginText, "'::'", "'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'", "'2001:db8::1'", "'::ffff:192.168.0.1'"),
        new("u", "UUID", ValueKind.PluginText, "'00000000-0000-0000-0000-000000000000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'", "'123e4567-e89b-12d3-a456-426655440000'", "'6ccd780c-baba-1026-9564-5b8c656024db'"),
    ];

    public static string CreateTable =>
        $"CREATE TABLE {Name} (id INT PRIMARY KEY, {string.Join(", ", Columns.Select(c => $"`{c.Name}` {c.Type}"))}) DEFAULT CHARSET = utf8mb4";

    public static string ColumnList => string.Join(", ", Columns.Select(c => $"`{c.Name}`"));

    public static string Insert(int id) =>
        $"INSERT INTO {Name} (id, {ColumnList}) VALUES ({id}, {string.Join(", ", Columns.Select(c => c.ValueInRow(id)))})";

    public static FidelityColumn Column(string name) => Columns.Single(c => c.Name == name);
}
