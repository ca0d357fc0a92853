using System.Security.Cryptography;
using System.Text;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Auth;

namespace Tandem.MySql.Tests.Auth;

public sealed class NativePasswordTests
{
    private static readonly byte[] Scramble = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData("secret")]
    [InlineData("pässwörd 🔑")]
    [InlineData("x")]
    public void Response_matches_the_documented_formula(string password)
    {
        var stage1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var mask = SHA1.HashData([.. Scramble, .. SHA1.HashData(stage1)]);
        var expected = stage1.Zip(mask, (a, b) => (byte)(a ^ b)).ToArray();

        Assert.Equal(expected, AuthScrambles.NativePassword(password, Scramble));
    }

    [Theory]
    // Computed independently with Python's hashlib for the scramble 0x01..0x14.
    [InlineData("secret", "b32bb3a583e1340c0a1108d58b1be49781ad8c2f")]
    [InlineData("pässwörd 🔑", "3617d6b123a8285875183935f8142d0f342e733f")]
    public void Response_matches_a_fixed_vector(string password, string expectedHex)
    {
        Assert.Equal(Convert.FromHexString(expectedHex), AuthScrambles.NativePassword(password, Scramble));
    }

    [Fact]
    public void Server_can_check_the_response_against_the_hash_MariaDB_stored()
    {
        // MariaDB 10.11 stored this for IDENTIFIED VIA mysql_native_password USING PASSWORD('secret'):
        // "*" + HEX(SHA1(SHA1(pw))). The server recovers SHA1(pw) = response XOR SHA1(scramble || stored)
        // and accepts when SHA1 of that equals the stored hash.
        var stored = Convert.FromHexString("14E65567ABDB5135D0CFD9A70B3032C179A49EE7");
        var response = AuthScrambles.NativePassword("secret", Scramble);

        var mask = SHA1.HashData([.. Scramble, .. stored]);
        var stage1 = response.Zip(mask, (a, b) => (byte)(a ^ b)).ToArray();

        Assert.Equal(stored, SHA1.HashData(stage1));
    }

    [Fact]
    public void Trailing_nul_after_the_scramble_is_ignored()
    {
        byte[] withNul = [.. Scramble, 0];
        Assert.Equal(AuthScrambles.NativePassword("secret", Scramble), AuthScrambles.NativePassword("secret", withNul));
    }

    [Fact]
    public void Empty_password_sends_an_empty_response()
    {
        Assert.Empty(AuthScrambles.NativePassword("", Scramble));
    }

    [Fact]
    public void Short_scramble_is_a_protocol_error()
    {
        var ex = Assert.Throws<MySqlProtocolException>(() => AuthScrambles.NativePassword("secret", new byte[8]));
        Assert.Contains("8 bytes", ex.Message, StringComparison.Ordinal);
    }
}
