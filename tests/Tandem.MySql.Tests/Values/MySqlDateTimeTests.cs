using System.Text;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Tests.Values;

public sealed class MySqlDateTimeTests
{
    private static MySqlDateTime Parse(string text, MySqlDateTimeKind kind) => MySqlDateTime.ParseText(Encoding.ASCII.GetBytes(text), kind);

    [Theory]
    [InlineData("2024-02-29", MySqlDateTimeKind.Date)]
    [InlineData("0000-00-00", MySqlDateTimeKind.Date)]
    [InlineData("2020-00-15", MySqlDateTimeKind.Date)]
    [InlineData("2021-02-30", MySqlDateTimeKind.Date)]
    [InlineData("0000-00-00 00:00:00", MySqlDateTimeKind.DateTime)]
    [InlineData("2024-02-29 13:45:01.123456", MySqlDateTimeKind.DateTime)]
    [InlineData("2024-02-29 13:45:01.5", MySqlDateTimeKind.Timestamp)]
    [InlineData("9999-12-31 23:59:59.999999", MySqlDateTimeKind.DateTime)]
    [InlineData("1000-01-01 00:00:00.000", MySqlDateTimeKind.DateTime)]
    public void Text_round_trips(string text, MySqlDateTimeKind kind)
    {
        var value = Parse(text, kind);
        Assert.Equal(text, value.ToString());
        Assert.Equal(kind, value.Kind);
    }

    [Fact]
    public void Zero_and_partial_zero_dates_are_representable_but_not_datetimes()
    {
        var zero = Parse("0000-00-00 00:00:00", MySqlDateTimeKind.DateTime);
        Assert.True(zero.IsZero);
        Assert.False(zero.IsValidDate);
        var ex = Assert.Throws<MySqlInvalidDateException>(() => zero.ToDateTime());
        Assert.Contains("0000-00-00 00:00:00", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<Tandem.Core.Errors.TandemException>(ex);

        var partial = Parse("2020-00-15", MySqlDateTimeKind.Date);
        Assert.False(partial.IsZero);
        Assert.Equal(0, partial.Month);
        Assert.Equal(15, partial.Day);
        Assert.Throws<MySqlInvalidDateException>(() => partial.ToDateTime());
        Assert.Throws<MySqlInvalidDateException>(() => Parse("2021-02-30", MySqlDateTimeKind.Date).ToDateTime());
    }

    [Fact]
    public void Microsecond_precision_survives_conversion_to_and_from_datetime()
    {
        var value = Parse("2024-02-29 13:45:01.123456", MySqlDateTimeKind.DateTime);
        Assert.Equal(123456, value.Microsecond);
        Assert.Equal(6, value.FractionDigits);
        var dt = value.ToDateTime();
        Assert.Equal(new DateTime(2024, 2, 29, 13, 45, 1).AddTicks(1_234_560), dt);
        Assert.Equal(value, MySqlDateTime.FromDateTime(dt, MySqlDateTimeKind.DateTime, 6));
    }

    [Fact]
    public void From_datetime_truncates_to_the_requested_digits()
    {
        var dt = new DateTime(2024, 12, 31, 23, 59, 59).AddTicks(9_999_999);
        Assert.Equal("2024-12-31 23:59:59.999", MySqlDateTime.FromDateTime(dt, MySqlDateTimeKind.Timestamp, 3).ToString());
        Assert.Equal("2024-12-31 23:59:59", MySqlDateTime.FromDateTime(dt, MySqlDateTimeKind.DateTime, 0).ToString());
        Assert.Equal("2024-12-31", MySqlDateTime.FromDateTime(dt, MySqlDateTimeKind.Date, 0).ToString());
    }

    [Theory]
    [InlineData("2024-02-29 13:45:01", MySqlDateTimeKind.Date)]
    [InlineData("2024-02-29", MySqlDateTimeKind.DateTime)]
    [InlineData("2024-13-01", MySqlDateTimeKind.Date)]
    [InlineData("2024-01-32", MySqlDateTimeKind.Date)]
    [InlineData("2024-01-01 24:00:00", MySqlDateTimeKind.DateTime)]
    [InlineData("2024-01-01 00:00:00.", MySqlDateTimeKind.DateTime)]
    [InlineData("2024-01-01 00:00:00.1234567", MySqlDateTimeKind.DateTime)]
    [InlineData("2024-01-01T00:00:00", MySqlDateTimeKind.DateTime)]
    [InlineData("24-01-01", MySqlDateTimeKind.Date)]
    [InlineData("", MySqlDateTimeKind.Date)]
    [InlineData("-024-01-01", MySqlDateTimeKind.Date)]
    public void Malformed_text_throws_protocol_error(string text, MySqlDateTimeKind kind)
    {
        var ex = Assert.Throws<MySqlProtocolException>(() => Parse(text, kind));
        Assert.Contains(text, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_rejects_more_precision_than_the_fraction_digits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MySqlDateTime(2024, 1, 1, 0, 0, 0, 123_456, 3, MySqlDateTimeKind.DateTime));
        Assert.Equal("2024-01-01 00:00:00.123", new MySqlDateTime(2024, 1, 1, 0, 0, 0, 123_000, 3, MySqlDateTimeKind.DateTime).ToString());
    }
}
