using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Tests.Binlog.Positions;

public sealed class MySqlGtidSetTests
{
    private const string A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private const string B = "896e7882-18fe-11ef-ab88-22222d34d411";

    private static readonly Guid SidA = Guid.Parse(A);
    private static readonly Guid SidB = Guid.Parse(B);

    [Theory]
    [InlineData("", "")]
    [InlineData("   \n ", "")]
    [InlineData(A + ":1-5", A + ":1-5")]
    [InlineData(A + ":7-9:1-5", A + ":1-5:7-9")]
    [InlineData(A + ":1-5:6-9", A + ":1-9")]
    [InlineData(A + ":1-5:3-7:9", A + ":1-7:9")]
    [InlineData(A + ":3:3:3", A + ":3")]
    [InlineData(B + ":1-3," + A + ":1-5", A + ":1-5," + B + ":1-3")]
    [InlineData("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5", A + ":1-5")]
    [InlineData(A + ":1-3,\n" + A + ":4-6", A + ":1-6")]
    [InlineData(" " + A + " : 1 - 3 : 5 ,\n " + B + ":2 ", A + ":1-3:5," + B + ":2")]
    [InlineData(A + ":1-3,,", A + ":1-3")]
    [InlineData("3e11fa4771ca11e19e33c80aa9429562:1", A + ":1")]
    [InlineData(A + ":1-9223372036854775806", A + ":1-9223372036854775806")]
    public void Parse_prints_the_canonical_form(string text, string canonical)
    {
        Assert.Equal(canonical, MySqlGtidSet.Parse(text).ToString());
    }

    [Theory]
    [InlineData(A + ":Domain_1:1-3:15-21, " + A + ":Domain_2:8-52", A + ":domain_1:1-3:15-21:domain_2:8-52")]
    [InlineData(A + ":1-4:zz:1:3:AA:2", A + ":1-4:aa:2:zz:1:3")]
    [InlineData(A + ":zz:1:2-4:AA:2", A + ":aa:2:zz:1-4")]
    [InlineData(A + ":_:1", A + ":_:1")]
    [InlineData(A + ":t:1-2," + A + ":T:3", A + ":t:1-3")]
    [InlineData(A + ":abcdefghijklmnopqrstuvwxyz012345:1", A + ":abcdefghijklmnopqrstuvwxyz012345:1")]
    public void Tags_are_lower_cased_and_printed_after_the_untagged_intervals_in_order(string text, string canonical)
    {
        Assert.Equal(canonical, MySqlGtidSet.Parse(text).ToString());
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData(A)]
    [InlineData(A + ":")]
    [InlineData(A + ":0")]
    [InlineData(A + ":5-3")]
    [InlineData(A + ":1-")]
    [InlineData(A + ":-1")]
    [InlineData(A + ":1-5 " + B + ":1")]
    [InlineData(A + ":1;2")]
    [InlineData(A + ":9223372036854775807")]
    [InlineData(A + ":99999999999999999999")]
    [InlineData(A + ":tag")]
    [InlineData(A + ":tag:other:1")]
    [InlineData(A + ":1:9tag:1")]
    [InlineData(A + ":abcdefghijklmnopqrstuvwxyz0123456:1")]
    [InlineData(A + ":t-a-g:1")]
    [InlineData("3e11fa47-71ca-11e1-9e33-c80aa942956:1")]
    [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562x:1")]
    public void Malformed_text_is_rejected_with_the_text_and_the_expected_form(string text)
    {
        var error = Assert.Throws<BinlogPositionFormatException>(() => MySqlGtidSet.Parse(text));
        Assert.Equal(text, error.Text);
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
        Assert.Contains("uuid:interval", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_appends_extends_and_merges_intervals()
    {
        var set = MySqlGtidSet.Empty.Add(SidA, null, 1).Add(SidA, null, 2).Add(SidA, null, 3);
        Assert.Equal(A + ":1-3", set.ToString());

        set = set.Add(SidA, null, 5).Add(SidA, null, 7);
        Assert.Equal(A + ":1-3:5:7", set.ToString());

        set = set.Add(SidA, null, 4);
        Assert.Equal(A + ":1-5:7", set.ToString());

        set = set.Add(SidA, null, 6).Add(SidB, "", 10).Add(SidA, "Batch", 2);
        Assert.Equal(A + ":1-7:batch:2," + B + ":10", set.ToString());

        set = set.Add(SidB, null, 9).Add(SidB, null, 1);
        Assert.Equal(A + ":1-7:batch:2," + B + ":1:9-10", set.ToString());
    }

    [Fact]
    public void Add_of_a_transaction_already_in_the_set_returns_the_same_set()
    {
        var set = MySqlGtidSet.Parse(A + ":1-10:20");
        Assert.Same(set, set.Add(SidA, null, 5));
        Assert.Same(set, set.Add(SidA, null, 20));
    }

    [Fact]
    public void Add_leaves_the_original_set_unchanged()
    {
        var set = MySqlGtidSet.Parse(A + ":1-3");
        var added = set.Add(SidA, null, 4);
        Assert.Equal(A + ":1-3", set.ToString());
        Assert.Equal(A + ":1-4", added.ToString());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    public void Add_rejects_transaction_numbers_MySQL_cannot_have(long gno)
    {
        Assert.Throws<BinlogPositionFormatException>(() => MySqlGtidSet.Empty.Add(SidA, null, gno));
    }

    [Fact]
    public void Add_rejects_an_invalid_tag()
    {
        Assert.Throws<BinlogPositionFormatException>(() => MySqlGtidSet.Empty.Add(SidA, "no-dash", 1));
        Assert.Throws<BinlogPositionFormatException>(() => MySqlGtidSet.Empty.Add(SidA, new string('a', 33), 1));
    }

    [Fact]
    public void Contains_finds_exactly_the_numbers_in_the_intervals_of_the_source_and_tag()
    {
        var set = MySqlGtidSet.Parse(A + ":1-3:7:tag:5-6");
        Assert.True(set.Contains(SidA, null, 1));
        Assert.True(set.Contains(SidA, "", 3));
        Assert.False(set.Contains(SidA, null, 4));
        Assert.True(set.Contains(SidA, null, 7));
        Assert.False(set.Contains(SidA, null, 8));
        Assert.False(set.Contains(SidA, null, 5));
        Assert.True(set.Contains(SidA, "TAG", 5));
        Assert.False(set.Contains(SidA, "tag", 4));
        Assert.False(set.Contains(SidA, "other", 5));
        Assert.False(set.Contains(SidB, null, 1));
        Assert.False(set.Contains(SidA, null, 0));
        Assert.False(set.Contains(SidA, "bad tag", 5));
    }

    [Fact]
    public void A_guid_means_the_uuid_its_text_spells()
    {
        var set = MySqlGtidSet.Empty.Add(new Guid(Convert.FromHexString("3E11FA4771CA11E19E33C80AA9429562"), bigEndian: true), null, 1);
        Assert.Equal(A + ":1", set.ToString());
    }

    [Fact]
    public void Equality_compares_contents_not_text()
    {
        var left = MySqlGtidSet.Parse(B + ":1-2," + A + ":3:1-2");
        var right = MySqlGtidSet.Parse(A + ":1-3,\n" + B + ":1:2");
        Assert.Equal(left, right);
        Assert.True(left == right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
        Assert.NotEqual(left, MySqlGtidSet.Parse(A + ":1-3"));
        Assert.NotEqual(MySqlGtidSet.Parse(A + ":1"), MySqlGtidSet.Parse(A + ":t:1"));
        Assert.True(MySqlGtidSet.Parse("").IsEmpty);
        Assert.Equal(MySqlGtidSet.Empty, MySqlGtidSet.Parse(" "));
    }

    [Fact]
    public void Union_merges_sources_tags_and_intervals()
    {
        var union = MySqlGtidSet.Parse(A + ":1-3:t:1").Union(MySqlGtidSet.Parse(A + ":4-6:10," + B + ":1:t:2"));
        Assert.Equal(A + ":1-6:10:t:1," + B + ":1:t:2", union.ToString());
    }

    [Fact]
    public void IsSupersetOf_checks_every_interval()
    {
        var set = MySqlGtidSet.Parse(A + ":1-10:20-30:t:1-5");
        Assert.True(set.IsSupersetOf(MySqlGtidSet.Parse(A + ":2-9:25")));
        Assert.True(set.IsSupersetOf(MySqlGtidSet.Empty));
        Assert.False(set.IsSupersetOf(MySqlGtidSet.Parse(A + ":9-11")));
        Assert.False(set.IsSupersetOf(MySqlGtidSet.Parse(A + ":t:6")));
        Assert.False(set.IsSupersetOf(MySqlGtidSet.Parse(B + ":1")));
    }
}
