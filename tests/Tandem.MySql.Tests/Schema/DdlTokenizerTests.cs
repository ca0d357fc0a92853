using Tandem.MySql.Schema.Ddl;

namespace Tandem.MySql.Tests.Schema;

public sealed class DdlTokenizerTests
{
    private static string[] Texts(string sql) => DdlTokenizer.Tokenize(sql).Where(static t => t.Kind != DdlTokenKind.End).Select(static t => t.Text).ToArray();

    [Fact]
    public void Comments_of_every_kind_are_dropped()
    {
        Assert.Equal(["ALTER", "TABLE", "t", "ADD", "x", "INT"], Texts("ALTER /* c1 */ TABLE t # c2\n ADD -- c3\n x INT -- end"));
    }

    [Fact]
    public void Double_dash_without_a_space_is_not_a_comment()
    {
        Assert.Equal(["1", "-", "-", "1"], Texts("1--1"));
    }

    [Fact]
    public void The_body_of_a_versioned_comment_counts()
    {
        Assert.Equal(["CREATE", "TABLE", "t", "(", "a", "INT", ")", "ENGINE", "=", "InnoDB"], Texts("CREATE TABLE t (a INT) /*!50100 ENGINE=InnoDB */"));
        Assert.Equal(["DROP", "TABLE", "t"], Texts("/*M!100100 DROP TABLE t */"));
        Assert.Equal(["x"], Texts("/*!80000 x*/"));
    }

    [Fact]
    public void Backquoted_identifiers_unescape_doubled_backquotes()
    {
        var tokens = DdlTokenizer.Tokenize("`we``ird name`.`t`");
        Assert.Equal(DdlTokenKind.QuotedIdentifier, tokens[0].Kind);
        Assert.Equal("we`ird name", tokens[0].Text);
        Assert.Equal(".", tokens[1].Text);
        Assert.Equal("t", tokens[2].Text);
    }

    [Theory]
    [InlineData("'it''s'", "it's")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("\"say \"\"hi\"\"\"", "say \"hi\"")]
    [InlineData("'a\\nb\\\\c'", "a\nb\\c")]
    [InlineData("'/* not a comment */'", "/* not a comment */")]
    [InlineData("'100\\%'", "100\\%")]
    public void String_literals_unescape_both_quote_kinds(string sql, string expected)
    {
        var token = DdlTokenizer.Tokenize(sql)[0];
        Assert.Equal(DdlTokenKind.String, token.Kind);
        Assert.Equal(expected, token.Text);
    }

    [Fact]
    public void Numbers_and_identifiers_starting_with_digits_are_told_apart()
    {
        var tokens = DdlTokenizer.Tokenize("12 1.5 1e3 1abc");
        Assert.Equal([DdlTokenKind.Number, DdlTokenKind.Number, DdlTokenKind.Number, DdlTokenKind.Word], tokens.Take(4).Select(static t => t.Kind));
    }

    [Fact]
    public void An_unterminated_string_is_a_parse_error()
    {
        Assert.Throws<DdlParseException>(() => DdlTokenizer.Tokenize("CREATE TABLE t (a ENUM('x"));
    }
}
