using Tandem.Core.Uris;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Tests.Connection;

public sealed class ConnectionUriTests
{
    [Fact]
    public void Percent_encoded_parts_are_decoded()
    {
        var options = MySqlConnectionOptions.Parse("mysql://repl%40dc1:p%25ss%3Aw%C3%B6rd@db.example:3307/shop%2Deu?ssl-ca=%2Fetc%2Fca.pem");

        Assert.Equal("repl@dc1", options.User);
        Assert.Equal("p%ss:wörd", options.Password);
        Assert.Equal("db.example", options.Host);
        Assert.Equal(3307, options.Port);
        Assert.Equal("shop-eu", options.Database);
        Assert.Equal("/etc/ca.pem", options.TlsCaFile);
    }

    [Theory]
    [InlineData("mysql://root:pa%3tss@127.0.0.1:3306", "password", 3)]
    [InlineData("mysql://root:secret%@127.0.0.1:3306", "password", 7)]
    [InlineData("mysql://root:%G0@127.0.0.1:3306", "password", 1)]
    [InlineData("mysql://ro%zzot@127.0.0.1:3306", "user name", 3)]
    [InlineData("mysql://root@127.0.0.1:3306/shop%", "database", 5)]
    [InlineData("mysql://root@127.0.0.1:3306/?ssl-ca=%2/ca.pem", "parameter 'ssl-ca'", 1)]
    public void An_invalid_percent_encoding_is_refused_naming_the_part_without_the_password(string uri, string part, int at)
    {
        var error = Assert.Throws<MySqlException>(() => MySqlConnectionOptions.Parse(uri));

        Assert.StartsWith($"the {part} in '", error.Message, StringComparison.Ordinal);
        Assert.Contains($"a '%' at character {at} is not followed by two hex digits", error.Message, StringComparison.Ordinal);
        Assert.Contains("%25", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("pa%3tss", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Percent_encoded_bytes_that_are_not_utf8_are_refused()
    {
        var error = Assert.Throws<MySqlException>(() => MySqlConnectionOptions.Parse("mysql://root:%FF%FE@127.0.0.1:3306"));

        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("%41%62c", "Abc")]
    [InlineData("%e2%82%ac", "€")]
    [InlineData("😀%20x", "😀 x")]
    [InlineData("a+b", "a+b")]
    public void Valid_text_decodes(string text, string expected)
    {
        Assert.Equal(expected, PercentDecoding.TryDecode(text, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("%3t")]
    [InlineData("%G0")]
    [InlineData("ok%-1")]
    public void Invalid_escapes_do_not_decode(string text)
    {
        Assert.Null(PercentDecoding.TryDecode(text, out var error));
        Assert.NotNull(error);
    }
}
