using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Tests.Values;

public sealed class SqlLiteralTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it''s'")]
    [InlineData(@"back\slash", @"'back\\slash'")]
    [InlineData(@"\'", @"'\\'''")]
    [InlineData("", "''")]
    [InlineData("🐬\n", "'🐬\n'")]
    public void Quote_doubles_quotes_and_backslashes(string value, string expected) => Assert.Equal(expected, SqlLiteral.Quote(value));

    [Fact]
    public void Quote_identifier_doubles_backticks()
    {
        Assert.Equal("`a``b`", SqlLiteral.QuoteIdentifier("a`b"));
        Assert.Throws<ArgumentException>(() => SqlLiteral.QuoteIdentifier(""));
        Assert.Throws<ArgumentException>(() => SqlLiteral.QuoteIdentifier("a\0"));
    }

    public static TheoryData<object?, string> Literals => new()
    {
        { null, "NULL" },
        { true, "1" },
        { false, "0" },
        { long.MinValue, "-9223372036854775808" },
        { ulong.MaxValue, "18446744073709551615" },
        { (byte)7, "7" },
        { 0.1, "0.1E0" },
        { 1e20, "1E+20" },
        { -0.0, "-0E0" },
        { 0.1f, "0.1E0" },
        { -1.50m, "-1.50" },
        { MySqlDecimal.Parse("-0.010"), "-0.010" },
        { "it's", "'it''s'" },
        { new byte[] { 0x00, 0xAB }, "X'00AB'" },
        { Array.Empty<byte>(), "''" },
        { new MySqlDateTime(2020, 0, 15), "'2020-00-15'" },
        { new MySqlTime(true, 838, 59, 59, 0, 6), "'-838:59:59.000000'" },
        { new DateTime(2024, 2, 29, 13, 45, 1), "'2024-02-29 13:45:01.000000'" },
        { new DateOnly(2024, 2, 29), "'2024-02-29'" },
        { TimeSpan.FromHours(-25), "'-25:00:00.000000'" },
        { MySqlGeometry.FromInternal(MySqlGeometryTests.Point4326), "ST_GeomFromWKB(X'0101000000000000000000F03F0000000000000040', 4326)" },
        { DayOfWeek.Friday, "5" },
    };

    [Theory]
    [MemberData(nameof(Literals))]
    public void Format_produces_sql_literals(object? value, string expected) => Assert.Equal(expected, SqlLiteral.Format(value));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_floats_have_no_literal(double value)
    {
        Assert.Throws<ArgumentException>(() => SqlLiteral.Format(value));
        Assert.Throws<ArgumentException>(() => SqlLiteral.Format((float)value));
    }

    [Fact]
    public void Unsupported_types_name_the_type()
    {
        var ex = Assert.Throws<ArgumentException>(() => SqlLiteral.Format(new object()));
        Assert.Contains("System.Object", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\nDROP DATABASE victim;\n-- x", "-- a\\nDROP DATABASE victim;\\n-- x")]
    [InlineData("cr\rDROP DATABASE victim;", "-- cr\\rDROP DATABASE victim;")]
    [InlineData("*/ DROP DATABASE victim; /*", "-- *\\/ DROP DATABASE victim; /\\*")]
    [InlineData("/*! DROP DATABASE victim */", "-- /\\*! DROP DATABASE victim *\\/")]
    [InlineData("ls\u2028ps\u2029nel\u0085", "-- ls\\u{2028}ps\\u{2029}nel\\u{0085}")]
    [InlineData("esc\u001b[2J", "-- esc\\u{001B}[2J")]
    [InlineData("`back``tick` 'q' \"dq\" \\ # -- ;", "-- `back``tick` 'q' \"dq\" \\ # -- ;")]
    public void A_line_comment_keeps_any_text_on_its_one_line_and_out_of_block_comments(string text, string expected)
    {
        var comment = SqlLiteral.LineComment(text);

        Assert.Equal(expected, comment);
        Assert.DoesNotContain("*/", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("/*", comment, StringComparison.Ordinal);
        Assert.False(Tandem.Core.Text.PrintableText.NeedsEscape(comment));
    }
}
