using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Binlog.Checksums;

namespace Tandem.MySql.Tests.Binlog.Checksums;

public sealed class Crc32Tests
{
    /// <summary>
    /// A real MariaDB GTID_LIST event with its CRC32 trailer 0xb6d8f0a8, from the MariaDB KB page "GTID_LIST_EVENT"
    /// (mysqlbinlog: "end_log_pos 292 CRC32 0xb6d8f0a8 Gtid list [0-10124-3584]").
    /// </summary>
    private static readonly byte[] MariaDbGtidListEvent = Convert.FromHexString(
        "A4859E59A38C2700002B00000024010000000001000000000000008C270000000E000000000000A8F0D8B6");

    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Known_vectors_match_zlib(string text, uint expected)
    {
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Longer_inputs_match_zlib()
    {
        // Values from python3 zlib.crc32.
        Assert.Equal(0x8902161Eu, Crc32.Compute(Enumerable.Range(0, 1000).Select(i => (byte)((i * 31) + 7)).ToArray()));
        Assert.Equal(0x190A55ADu, Crc32.Compute(new byte[32]));
        Assert.Equal(0x682DB523u, Crc32.Compute(Enumerable.Repeat((byte)0xFF, 33).ToArray()));
    }

    [Fact]
    public void A_real_binlog_event_carries_the_crc_of_its_bytes()
    {
        Assert.Equal(0xB6D8F0A8u, Crc32.Compute(MariaDbGtidListEvent.AsSpan(0, MariaDbGtidListEvent.Length - 4)));
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

    [Fact]
    public void Every_length_and_alignment_matches_the_bitwise_definition()
    {
        var data = Enumerable.Range(0, 300).Select(i => (byte)((i * 151) ^ (i >> 3))).ToArray();
        for (var offset = 0; offset < 8; offset++)
        {
            for (var length = 0; length + offset <= data.Length; length += length < 40 ? 1 : 13)
            {
                var slice = data.AsSpan(offset, length);
                Assert.Equal(Bitwise(slice), Crc32.Compute(slice));
            }
        }
    }

    [Fact]
    public void Append_continues_a_crc_across_any_split()
    {
        var property = Prop.ForAll(Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf().ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (byte[] data, int at) =>
        {
            var split = data.Length == 0 ? 0 : at % (data.Length + 1);
            Assert.Equal(Bitwise(data), Crc32.Compute(data));
            Assert.Equal(Crc32.Compute(data), Crc32.Append(Crc32.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    /// <summary>The CRC-32 bit by bit, straight from its definition, as the oracle for the table-driven code.</summary>
    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
