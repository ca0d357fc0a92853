using System.Security.Cryptography;
using System.Text;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Auth;

namespace Tandem.MySql.Tests.Auth;

public sealed class RsaEncryptPasswordTests
{
    // 21 bytes with the trailing NUL, as servers send it; only the first 20 are the nonce.
    private static readonly byte[] Scramble = [.. Enumerable.Range(0x41, 20).Select(i => (byte)i), 0];

    [Theory]
    [InlineData("secret", false)]
    [InlineData("secret", true)]
    [InlineData("", false)]
    [InlineData("a password longer than the twenty-byte scramble, so the XOR wraps around ✓", true)]
    public void Server_decrypts_and_unmasks_the_nul_terminated_password(string password, bool pkcs1Pem)
    {
        using var rsa = RSA.Create(2048);
        var pem = pkcs1Pem ? rsa.ExportRSAPublicKeyPem() : rsa.ExportSubjectPublicKeyInfoPem();
        Assert.StartsWith(pkcs1Pem ? "-----BEGIN RSA PUBLIC KEY-----" : "-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);

        var encrypted = AuthScrambles.RsaEncryptPassword(password, Scramble, pem);

        Assert.Equal(256, encrypted.Length);
        var masked = rsa.Decrypt(encrypted, RSAEncryptionPadding.OaepSHA1);
        var unmasked = masked.Select((b, i) => (byte)(b ^ Scramble[i % 20])).ToArray();
        Assert.Equal([.. Encoding.UTF8.GetBytes(password), 0], unmasked);
    }

    [Fact]
    public void Key_with_text_around_it_and_a_trailing_nul_is_accepted()
    {
        using var rsa = RSA.Create(2048);
        var pem = "\n" + rsa.ExportSubjectPublicKeyInfoPem() + "\n\0";

        var encrypted = AuthScrambles.RsaEncryptPassword("secret", Scramble, pem);

        Assert.Equal("secret\0".Length, rsa.Decrypt(encrypted, RSAEncryptionPadding.OaepSHA1).Length);
    }

    [Theory]
    [InlineData("", "no '-----BEGIN")]
    [InlineData("not a key", "no '-----BEGIN")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "not a valid RSA public key")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "'CERTIFICATE'")]
    public void Bad_pem_is_a_protocol_error_naming_the_problem(string pem, string expectedInMessage)
    {
        var ex = Assert.Throws<MySqlProtocolException>(() => AuthScrambles.RsaEncryptPassword("secret", Scramble, pem));
        Assert.Contains(expectedInMessage, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Private_key_pem_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var ex = Assert.Throws<MySqlProtocolException>(() => AuthScrambles.RsaEncryptPassword("secret", Scramble, rsa.ExportPkcs8PrivateKeyPem()));
        Assert.Contains("'PRIVATE KEY'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ec_public_key_is_not_an_rsa_key()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ex = Assert.Throws<MySqlProtocolException>(() => AuthScrambles.RsaEncryptPassword("secret", Scramble, ec.ExportSubjectPublicKeyInfoPem()));
        Assert.Contains("not a valid RSA public key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_too_long_for_the_key_says_to_use_tls()
    {
        using var rsa = RSA.Create(1024);
        var ex = Assert.Throws<MySqlException>(() => AuthScrambles.RsaEncryptPassword(new string('p', 100), Scramble, rsa.ExportSubjectPublicKeyInfoPem()));
        Assert.Contains("1024-bit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TLS", ex.Hint, StringComparison.Ordinal);
    }
}
