using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Tests.Serialization;

public sealed class PayloadReaderTests
{
    [Theory]
    [InlineData(new byte[] { 0x05 }, 5UL)]
    [InlineData(new byte[] { 0xFC, 0x34, 0x12 }, 0x1234UL)]
    [InlineData(new byte[] { 0xFD, 0x56, 0x34, 0x12 }, 0x123456UL)]
    [InlineData(new byte[] { 0xFE, 1, 2, 3, 4, 5, 6, 7, 8 }, 0x0807060504030201UL)]
    public void Length_encoded_integers_decode_each_width(byte[] bytes, ulong expected)
    {
        var reader = new PayloadReader(bytes);
        Assert.Equal(expected, reader.ReadLengthEncodedInteger());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void Truncated_length_encoded_string_names_what_was_expected()
    {
        var ex = Assert.Throws<MySqlProtocolException>(() =>
        {
            var reader = new PayloadReader(new byte[] { 0x05, (byte)'a' }, "row");
            reader.ReadLengthEncodedBytes();
        });
        Assert.Contains("malformed row", ex.Message, StringComparison.Ordinal);
        Assert.Contains("5 bytes", ex.Message, StringComparison.Ordinal);
    }
}
