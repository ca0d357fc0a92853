using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Tests.Values;

public sealed class MySqlDecimalTests
{
    private static readonly string Max65_30 = new string('9', 35) + "." + new string('9', 30);

    [Fact]
    public void Decimal_65_30_extremes_round_trip_exactly()
    {
        var max = MySqlDecimal.Parse(Max65_30);
        var min = MySqlDecimal.Parse("-" + Max65_30);
        Assert.Equal(Max65_30, max.ToString());
        Assert.Equal("-" + Max65_30, min.ToString());
        Assert.Equal(65, max.Precision);
        Assert.Equal(30, max.Scale);
        Assert.True(min.IsNegative);
        Assert.False(max.TryToDecimal(out _));
    }

    [Fact]
    public void Sixty_five_digit_integer_round_trips_through_bytes()
    {
        var text = "12345678901234567890123456789012345678901234567890123456789012345";
        var value = MySqlDecimal.Parse(System.Text.Encoding.ASCII.GetBytes(text));
        Assert.Equal(text, value.ToString());
        Assert.Equal(0, value.Scale);
        Assert.Equal(65, value.Precision);
    }

    [Theory]
    [InlineData("-0.000", "0.000")]
    [InlineData("-0", "0")]
    [InlineData("+1.5", "1.5")]
    [InlineData("007.10", "7.10")]
    [InlineData("-0.010", "-0.010")]
    [InlineData(".5", "0.5")]
    public void Text_is_canonicalised_keeping_the_scale(string input, string expected)
    {
        var value = MySqlDecimal.Parse(input);
        Assert.Equal(expected, value.ToString());
        Assert.Equal(expected.StartsWith('-'), value.IsNegative);
    }

    [Fact]
    public void Negative_zero_equals_zero_of_the_same_scale_but_scale_matters()
    {
        Assert.Equal(MySqlDecimal.Parse("0.000"), MySqlDecimal.Parse("-0.000"));
        Assert.NotEqual(MySqlDecimal.Parse("1.5"), MySqlDecimal.Parse("1.50"));
        Assert.Equal(MySqlDecimal.Parse("0"), default);
        Assert.Equal("0", default(MySqlDecimal).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData("1e5")]
    [InlineData(" 1")]
    [InlineData("1.2.3")]
    [InlineData("NaN")]
    [InlineData("1.0000000000000000000000000000001")]
    public void Malformed_bytes_throw_protocol_error_naming_the_text(string text)
    {
        var ex = Assert.Throws<MySqlProtocolException>(() => MySqlDecimal.Parse(System.Text.Encoding.ASCII.GetBytes(text)));
        Assert.Contains("DECIMAL", ex.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => MySqlDecimal.Parse(text));
    }

    [Fact]
    public void Sixty_six_digits_are_rejected()
    {
        Assert.Throws<FormatException>(() => MySqlDecimal.Parse(new string('1', 66)));
        Assert.Equal(new string('1', 65), MySqlDecimal.Parse("000" + new string('1', 65)).ToString());
    }

    [Theory]
    [InlineData("1.50", "1.50")]
    [InlineData("1.0000000000000000000000000001", "1.0000000000000000000000000001")]
    [InlineData("-79228162514264337593543950335", "-79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    [InlineData("1.500000000000000000000000000000", "1.5000000000000000000000000000")]
    public void Converts_to_decimal_exactly_when_it_fits(string text, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), MySqlDecimal.Parse(text).ToDecimal());
        Assert.Equal(expected, MySqlDecimal.Parse(text).ToDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("79228162514264337593543950336")]
    [InlineData("0.00000000000000000000000000001")]
    [InlineData("8.0000000000000000000000000001")]
    public void Conversion_that_would_round_or_overflow_throws_overflow(string text)
    {
        var value = MySqlDecimal.Parse(text);
        Assert.False(value.TryToDecimal(out _));
        var ex = Assert.Throws<OverflowException>(() => value.ToDecimal());
        Assert.Contains(text, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_decimal_keeps_scale()
    {
        Assert.Equal("-1.50", MySqlDecimal.FromDecimal(-1.50m).ToString());
    }
}
