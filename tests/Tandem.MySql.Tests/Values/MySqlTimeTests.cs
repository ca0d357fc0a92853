using System.Text;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Tests.Values;

public sealed class MySqlTimeTests
{
    private static MySqlTime Parse(string text) => MySqlTime.ParseText(Encoding.ASCII.GetBytes(text));

    [Theory]
    [InlineData("-838:59:59.000000")]
    [InlineData("838:59:59")]
    [InlineData("25:00:00")]
    [InlineData("00:00:00")]
    [InlineData("-00:00:00.5")]
    [InlineData("-01:02:03.040")]
    public void Text_round_trips(string text) => Assert.Equal(text, Parse(text).ToString());

    [Fact]
    public void Extremes_convert_to_timespan()
    {
        var min = Parse("-838:59:59.000000");
        Assert.True(min.IsNegative);
        Assert.Equal(838, min.Hours);
        Assert.Equal(6, min.FractionDigits);
        Assert.Equal(-(new TimeSpan(34, 22, 59, 59)), min.ToTimeSpan());
        Assert.Equal(new TimeSpan(34, 22, 59, 59), Parse("838:59:59").ToTimeSpan());
    }

    [Fact]
    public void Negative_fraction_below_one_second_keeps_its_sign()
    {
        var value = Parse("-00:00:00.5");
        Assert.True(value.IsNegative);
        Assert.Equal(500_000, value.Microseconds);
        Assert.Equal(TimeSpan.FromMilliseconds(-500), value.ToTimeSpan());
        Assert.Equal(value, MySqlTime.FromTimeSpan(TimeSpan.FromMilliseconds(-500), 1));
    }

    [Fact]
    public void Negative_zero_is_normalised()
    {
        Assert.False(Parse("-00:00:00").IsNegative);
        Assert.Equal(Parse("00:00:00"), Parse("-00:00:00"));
    }

    [Fact]
    public void From_timespan_handles_the_extremes_without_overflow()
    {
        var min = MySqlTime.FromTimeSpan(TimeSpan.MinValue, 6);
        Assert.True(min.IsNegative);
        Assert.Equal(TimeSpan.MinValue.Ticks / 10 * 10, min.ToTimeSpan().Ticks);
        Assert.Equal("-838:59:59.000000", MySqlTime.FromTimeSpan(-new TimeSpan(838, 59, 59), 6).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1:00:00")]
    [InlineData("10:60:00")]
    [InlineData("10:00:60")]
    [InlineData("10:00")]
    [InlineData("10:00:00.")]
    [InlineData("10:00:00.1234567")]
    [InlineData("--10:00:00")]
    [InlineData("9999999999:00:00")]
    [InlineData("1 10:00:00")]
    public void Malformed_text_throws_protocol_error(string text) =>
        Assert.Throws<MySqlProtocolException>(() => Parse(text));
}
