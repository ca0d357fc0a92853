using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Tests.Binlog.Positions;

public sealed class MariaDbGtidPositionTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("  ", "")]
    [InlineData("0-1-100", "0-1-100")]
    [InlineData("2-5-7, 0-1-100 ,1-1-3", "0-1-100,1-1-3,2-5-7")]
    [InlineData("4294967295-4294967295-18446744073709551615", "4294967295-4294967295-18446744073709551615")]
    public void Parse_prints_sorted_by_domain(string text, string canonical)
    {
        Assert.Equal(canonical, MariaDbGtidPosition.Parse(text).ToString());
    }

    [Theory]
    [InlineData("0-1")]
    [InlineData("0-1-2-3")]
    [InlineData("a-1-2")]
    [InlineData("-1-1-2")]
    [InlineData("0-1-+2")]
    [InlineData("4294967296-1-2")]
    [InlineData("0-1-18446744073709551616")]
    [InlineData("0-1-2,,1-1-2")]
    [InlineData("0-1-2,0-2-3")]
    public void Malformed_positions_are_rejected(string text)
    {
        var error = Assert.Throws<BinlogPositionFormatException>(() => MariaDbGtidPosition.Parse(text));
        Assert.Equal(text, error.Text);
        Assert.Contains("domain-server-sequence", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_replaces_the_domain_entry_or_adds_one()
    {
        var position = MariaDbGtidPosition.Parse("0-1-100");
        var next = position.Apply(0, 2, 101).Apply(5, 1, 1).Apply(new MariaDbGtid(3, 1, 9));
        Assert.Equal("0-2-101,3-1-9,5-1-1", next.ToString());
        Assert.Equal("0-1-100", position.ToString());
        Assert.Same(next, next.Apply(0, 2, 101));
    }

    [Fact]
    public void Contains_compares_the_sequence_within_the_domain()
    {
        var position = MariaDbGtidPosition.Parse("0-1-100,1-2-5");
        Assert.True(position.Contains(new MariaDbGtid(0, 9, 100)));
        Assert.True(position.Contains(0, 1));
        Assert.False(position.Contains(0, 101));
        Assert.False(position.Contains(new MariaDbGtid(2, 1, 1)));
        Assert.True(position.TryGet(1, out var gtid));
        Assert.Equal(new MariaDbGtid(1, 2, 5), gtid);
        Assert.False(position.TryGet(7, out _));
    }

    [Fact]
    public void Equality_is_by_entries()
    {
        Assert.Equal(MariaDbGtidPosition.Parse("1-1-1,0-1-2"), MariaDbGtidPosition.Parse("0-1-2,1-1-1"));
        Assert.NotEqual(MariaDbGtidPosition.Parse("0-1-2"), MariaDbGtidPosition.Parse("0-2-2"));
        Assert.True(MariaDbGtidPosition.Parse("").IsEmpty);
    }

    [Fact]
    public void A_gtid_list_event_body_gives_the_last_gtid_of_each_domain()
    {
        // The MariaDB KB example "Gtid list [0-10124-3584]", its body between header and checksum.
        var kbExample = Convert.FromHexString("01000000" + "00000000" + "8C270000" + "000E000000000000");
        Assert.Equal("0-10124-3584", MariaDbGtidPosition.FromGtidListEvent(kbExample).ToString());

        // Domain 0 lists server 2 then server 1: server 1 wrote most recently. Flags in the top 4 bits are ignored.
        var body = Convert.FromHexString(
            "03000010" +
            "00000000" + "02000000" + "0A00000000000000" +
            "00000000" + "01000000" + "0C00000000000000" +
            "07000000" + "01000000" + "0100000000000000");
        Assert.Equal("0-1-12,7-1-1", MariaDbGtidPosition.FromGtidListEvent(body).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("010000")]
    [InlineData("01000000" + "00000000")]
    [InlineData("FFFFFF0F")]
    public void A_short_gtid_list_body_is_rejected(string hex)
    {
        Assert.Throws<BinlogPositionFormatException>(() => MariaDbGtidPosition.FromGtidListEvent(Convert.FromHexString(hex)));
    }
}
