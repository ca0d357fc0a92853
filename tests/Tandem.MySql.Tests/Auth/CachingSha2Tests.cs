using System.Security.Cryptography;
using System.Text;
using Tandem.MySql.Protocol.Auth;

namespace Tandem.MySql.Tests.Auth;

public sealed class CachingSha2Tests
{
    private static readonly byte[] Scramble = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData("secret")]
    [InlineData("pässwörd 🔑")]
    public void Response_matches_the_documented_formula(string password)
    {
        var digest1 = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var mask = SHA256.HashData([.. SHA256.HashData(digest1), .. Scramble]);
        var expected = digest1.Zip(mask, (a, b) => (byte)(a ^ b)).ToArray();

        Assert.Equal(expected, AuthScrambles.CachingSha2(password, Scramble));
    }

    [Theory]
    // Computed independently with Python's hashlib for the scramble 0x01..0x14.
    [InlineData("secret", "746ebe205d56a0707acb3e796e834e0dd7b1d61743b26bd5202c7a623230c7c9")]
    [InlineData("pässwörd 🔑", "b6742b120bac8a54e4d91c7956a0fc55050faa2c790a91474c5fe7a84fdc26b6")]
    public void Response_matches_a_fixed_vector(string password, string expectedHex)
    {
        Assert.Equal(Convert.FromHexString(expectedHex), AuthScrambles.CachingSha2(password, Scramble));
    }

    [Fact]
    public void Trailing_nul_after_the_scramble_is_ignored()
    {
        byte[] withNul = [.. Scramble, 0];
        Assert.Equal(AuthScrambles.CachingSha2("secret", Scramble), AuthScrambles.CachingSha2("secret", withNul));
    }

    [Fact]
    public void Empty_password_sends_an_empty_response()
    {
        Assert.Empty(AuthScrambles.CachingSha2("", Scramble));
    }

    [Theory]
    [InlineData("", new byte[] { 0 })]
    [InlineData("ab", new byte[] { (byte)'a', (byte)'b', 0 })]
    [InlineData("é", new byte[] { 0xC3, 0xA9, 0 })]
    public void Clear_password_is_nul_terminated_utf8(string password, byte[] expected)
    {
        Assert.Equal(expected, AuthScrambles.ClearPassword(password));
    }
}
