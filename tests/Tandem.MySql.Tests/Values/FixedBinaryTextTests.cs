using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Tests.Values;

/// <summary>
/// The text of INET4, INET6 and UUID values from their binary form, by MariaDB's rules
/// (https://mariadb.com/kb/en/inet6/, https://mariadb.com/kb/en/uuid-data-type/); the integration tests compare the same
/// against a real server's own reading.
/// </summary>
public sealed class FixedBinaryTextTests
{
    [Theory]
    [InlineData("00000000000000000000000000000000", "::")]
    [InlineData("00000000000000000000000000000001", "::1")]
    [InlineData("00010000000000000000000000000000", "1::")]
    [InlineData("00000000000000000000ffff01020304", "::ffff:1.2.3.4")]
    [InlineData("00000000000000000000000001020304", "::1.2.3.4")]
    [InlineData("00000000000000000000ffff00000000", "::ffff:0.0.0.0")]
    [InlineData("00000000000000000000000100000000", "::1:0:0")]
    [InlineData("ffffffffffffffffffffffffffffffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("00010000000000020000000000000003", "1:0:0:2::3")]
    [InlineData("00010000000200030004000500060007", "1::2:3:4:5:6:7")]
    [InlineData("00010000000000020000000000030004", "1::2:0:0:3:4")]
    [InlineData("20010db8000000000000ff0000428329", "2001:db8::ff00:42:8329")]
    [InlineData("fe800000000000000000000000000000", "fe80::")]
    public void Inet6_prints_the_first_longest_zero_run_as_a_gap_and_ipv4_tails_dotted(string hex, string text)
    {
        Assert.Equal(text, FixedBinaryText.Format(FixedBinaryKind.Inet6, Convert.FromHexString(hex)));
    }

    [Fact]
    public void Trailing_zero_bytes_the_binlog_strips_are_restored()
    {
        Assert.Equal("fe80::", FixedBinaryText.Format(FixedBinaryKind.Inet6, [0xfe, 0x80]));
        Assert.Equal("::", FixedBinaryText.Format(FixedBinaryKind.Inet6, []));
        Assert.Equal("10.0.0.0", FixedBinaryText.Format(FixedBinaryKind.Inet4, [10]));
        Assert.Equal("ffffffff-0000-0000-0000-000000000000", FixedBinaryText.Format(FixedBinaryKind.Uuid, [0xff, 0xff, 0xff, 0xff]));
    }

    [Theory]
    [InlineData("00000000", "0.0.0.0")]
    [InlineData("ffffffff", "255.255.255.255")]
    [InlineData("7f000001", "127.0.0.1")]
    public void Inet4_prints_dotted_decimal(string hex, string text)
    {
        Assert.Equal(text, FixedBinaryText.Format(FixedBinaryKind.Inet4, Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData("00000000000000000000000000000000", "00000000-0000-0000-0000-000000000000")]
    [InlineData("6ccd780cbaba102695645b8c656024db", "6ccd780c-baba-1026-9564-5b8c656024db")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "ffffffff-ffff-ffff-ffff-ffffffffffff")]
    public void Uuid_prints_lower_case_groups_in_byte_order(string hex, string text)
    {
        Assert.Equal(text, FixedBinaryText.Format(FixedBinaryKind.Uuid, Convert.FromHexString(hex)));
    }

    [Fact]
    public void A_value_longer_than_the_type_is_malformed()
    {
        Assert.Throws<MySqlProtocolException>(() => FixedBinaryText.Format(FixedBinaryKind.Inet4, new byte[5]));
    }
}
