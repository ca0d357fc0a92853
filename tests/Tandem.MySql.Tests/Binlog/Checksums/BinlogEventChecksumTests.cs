using System.IO.Hashing;
using System.Text;
using Tandem.MySql.Binlog.Checksums;

namespace Tandem.MySql.Tests.Binlog.Checksums;

public sealed class BinlogEventChecksumTests
{
    /// <summary>
    /// A real MariaDB GTID_LIST event with its CRC32 trailer 0xb6d8f0a8, from the MariaDB KB page "GTID_LIST_EVENT"
    /// (mysqlbinlog: "end_log_pos 292 CRC32 0xb6d8f0a8 Gtid list [0-10124-3584]").
    /// </summary>
    private static readonly byte[] MariaDbGtidListEvent = Convert.FromHexString(
        "A4859E59A38C2700002B00000024010000000001000000000000008C270000000E000000000000A8F0D8B6");

    /// <summary>The servers' CRC-32 is zlib's; these vectors tell it from CRC-32C and the other variants.</summary>
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void The_crc_is_zlibs(string text, uint expected)
    {
        Assert.Equal(expected, Crc32.HashToUInt32(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void A_real_binlog_event_carries_the_crc_of_its_bytes()
    {
        Assert.Equal((0xB6D8F0A8u, 0xB6D8F0A8u), BinlogEventChecksum.Read(MariaDbGtidListEvent));
        Assert.True(BinlogEventChecksum.Matches(MariaDbGtidListEvent));
    }

    [Fact]
    public void A_changed_byte_or_a_short_event_fails_the_check()
    {
        for (var i = 0; i < MariaDbGtidListEvent.Length; i++)
        {
            var corrupt = (byte[])MariaDbGtidListEvent.Clone();
            corrupt[i] ^= 0x10;
            Assert.False(BinlogEventChecksum.Matches(corrupt));
        }

        Assert.False(BinlogEventChecksum.Matches([1, 2, 3]));
    }
}
