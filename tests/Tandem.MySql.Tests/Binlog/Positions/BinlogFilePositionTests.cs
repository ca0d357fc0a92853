using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Tests.Binlog.Positions;

public sealed class BinlogFilePositionTests
{
    [Theory]
    [InlineData("mysql-bin.000009:100", "mysql-bin.000010:4")]
    [InlineData("mysql-bin.000010:4", "mysql-bin.000010:5")]
    [InlineData("mysql-bin.999999:4", "mysql-bin.1000000:4")]
    [InlineData("a-bin.000010:4", "b-bin.000001:4")]
    [InlineData("mysql-bin.000010:4", "mysql-bin.000010:9999999999")]
    [InlineData("mysql-bin.10:4", "mysql-bin.000011:4")]
    [InlineData("mysql-bin.index:4", "mysql-bin.jndex:4")]
    public void Positions_order_by_file_number_then_offset(string earlier, string later)
    {
        var a = BinlogFilePosition.Parse(earlier);
        var b = BinlogFilePosition.Parse(later);
        Assert.True(a < b);
        Assert.True(b > a);
        Assert.True(a <= b && b >= a);
        Assert.Equal(-1, a.CompareTo(b));
        Assert.Equal(1, b.CompareTo(a));
    }

    [Fact]
    public void Equal_numbers_with_different_padding_still_order_consistently()
    {
        var padded = BinlogFilePosition.Parse("mysql-bin.000010:4");
        var plain = BinlogFilePosition.Parse("mysql-bin.10:4");
        Assert.NotEqual(0, padded.CompareTo(plain));
        Assert.Equal(-padded.CompareTo(plain), plain.CompareTo(padded));
    }

    [Fact]
    public void Parse_and_ToString_round_trip()
    {
        var position = BinlogFilePosition.Parse(" mysql-bin.000010:1234 ");
        Assert.Equal(new BinlogFilePosition("mysql-bin.000010", 1234), position);
        Assert.Equal("mysql-bin.000010:1234", position.ToString());
        Assert.Equal(0, position.CompareTo(new BinlogFilePosition("mysql-bin.000010", 1234)));
    }

    [Theory]
    [InlineData("mysql-bin.000010")]
    [InlineData(":4")]
    [InlineData("mysql-bin.000010:")]
    [InlineData("mysql-bin.000010:-4")]
    [InlineData("mysql-bin.000010:4x")]
    [InlineData("mysql-bin.000010:99999999999999999999")]
    public void Malformed_positions_are_rejected(string text)
    {
        var error = Assert.Throws<BinlogPositionFormatException>(() => BinlogFilePosition.Parse(text));
        Assert.Contains("file:offset", error.Hint, StringComparison.Ordinal);
    }
}
