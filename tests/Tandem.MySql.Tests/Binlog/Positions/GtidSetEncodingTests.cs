using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Tests.Binlog.Positions;

public sealed class GtidSetEncodingTests
{
    private const string A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private const string B = "896e7882-18fe-11ef-ab88-22222d34d411";

    [Fact]
    public void The_empty_set_is_a_zero_count()
    {
        Assert.Equal(new byte[8], MySqlGtidSet.Empty.EncodeForDump());
        Assert.True(MySqlGtidSet.Decode(new byte[8]).IsEmpty);
    }

    [Fact]
    public void An_untagged_set_uses_textual_uuid_bytes_and_exclusive_ends()
    {
        var encoded = MySqlGtidSet.Parse(A + ":1-5:7," + B + ":2").EncodeForDump();
        var expected = Convert.FromHexString(
            "0200000000000000" +
            "3E11FA4771CA11E19E33C80AA9429562" + "0200000000000000" +
            "0100000000000000" + "0600000000000000" + "0700000000000000" + "0800000000000000" +
            "896E788218FE11EFAB8822222D34D411" + "0100000000000000" +
            "0200000000000000" + "0300000000000000");
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(encoded));
    }

    [Fact]
    public void A_set_with_a_tag_uses_the_tagged_format_for_every_source()
    {
        var encoded = MySqlGtidSet.Parse(A + ":1:ab:3").EncodeForDump();

        // sql/rpl_gtid_set.cc encode_nsids_format: (1 << 56) | (2 << 8) | 1; an untagged source has tag length 0.
        var expected = Convert.FromHexString(
            "0102000000000001" +
            "3E11FA4771CA11E19E33C80AA9429562" + "00" + "0100000000000000" + "0100000000000000" + "0200000000000000" +
            "3E11FA4771CA11E19E33C80AA9429562" + "04" + "6162" + "0100000000000000" + "0300000000000000" + "0400000000000000");
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(encoded));
    }

    [Theory]
    [InlineData(A + ":1-5:7," + B + ":2")]
    [InlineData(A + ":1-3:domain_1:1-3:15-21:domain_2:8-52," + B + ":x:9223372036854775806")]
    [InlineData(A + ":_abcdefghijklmnopqrstuvwxyz01234:1")]
    public void Decode_reads_what_encode_wrote(string text)
    {
        var set = MySqlGtidSet.Parse(text);
        Assert.Equal(set, MySqlGtidSet.Decode(set.EncodeForDump()));
    }

    [Fact]
    public void Decode_with_bytes_read_stops_at_the_end_of_the_set()
    {
        var encoded = MySqlGtidSet.Parse(A + ":1-5").EncodeForDump();
        var withTrailer = encoded.Concat(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }).ToArray();

        var set = MySqlGtidSet.Decode(withTrailer, out var used);
        Assert.Equal(encoded.Length, used);
        Assert.Equal(A + ":1-5", set.ToString());
        Assert.Throws<BinlogPositionFormatException>(() => MySqlGtidSet.Decode(withTrailer));
    }

    [Theory]
    [InlineData("")]
    [InlineData("01000000000000")]
    [InlineData("0100000000000000")]
    [InlineData("0100000000000000" + "3E11FA4771CA11E19E33C80AA9429562")]
    [InlineData("0100000000000000" + "3E11FA4771CA11E19E33C80AA9429562" + "0100000000000000" + "0100000000000000")]
    [InlineData("0100000000000000" + "3E11FA4771CA11E19E33C80AA9429562" + "FFFFFFFFFFFFFFFF")]
    [InlineData("0100000000000002")]
    [InlineData("FFFFFFFFFFFFFF00")]
    [InlineData("0100000000000000" + "3E11FA4771CA11E19E33C80AA9429562" + "0100000000000000" + "0000000000000000" + "0100000000000000")]
    [InlineData("0100000000000000" + "3E11FA4771CA11E19E33C80AA9429562" + "0100000000000000" + "0500000000000000" + "0500000000000000")]
    [InlineData("0100000000000000" + "3E11FA4771CA11E19E33C80AA9429562" + "0200000000000000" + "0100000000000000" + "0300000000000000" + "0300000000000000" + "0400000000000000")]
    [InlineData("0101000000000001" + "3E11FA4771CA11E19E33C80AA9429562" + "42")]
    [InlineData("0101000000000001" + "3E11FA4771CA11E19E33C80AA9429562" + "04" + "2D2D" + "0000000000000000")]
    [InlineData("0101000000000001" + "3E11FA4771CA11E19E33C80AA9429562" + "01")]
    public void Malformed_encodings_are_rejected(string hex)
    {
        Assert.Throws<BinlogPositionFormatException>(() => MySqlGtidSet.Decode(Convert.FromHexString(hex)));
    }
}
