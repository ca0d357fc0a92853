using System.Security.Cryptography;
using System.Text;
using Tandem.MySql.Protocol.Auth.Ed25519;

namespace Tandem.MySql.Protocol.Auth;

/// <summary>
/// The pure computations behind each authentication plugin's response: given the password and the server's
/// scramble (nonce), the bytes the client sends. The connection state machine decides which one to call and when.
/// Passwords are encoded as UTF-8, which is what MySQL and MariaDB clients send for a utf8mb4 connection.
/// </summary>
internal static class AuthScrambles
{
    /// <summary>The nonce length of mysql_native_password, caching_sha2_password and sha256_password.</summary>
    private const int ScrambleLength = 20;

    /// <summary>OAEP with SHA-1 costs 2 * 20 + 2 bytes of each RSA block (RFC 8017 section 7.1.1).</summary>
    private const int OaepSha1Overhead = (2 * 20) + 2;

    /// <summary>
    /// mysql_native_password: SHA1(pw) XOR SHA1(scramble || SHA1(SHA1(pw))). An empty password is sent as an empty
    /// response, not as a hash.
    /// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html.
    /// </summary>
    public static byte[] NativePassword(string password, ReadOnlySpan<byte> scramble)
    {
        if (password.Length == 0)
            return [];

        var nonce = TrimScramble(scramble, AuthPluginNames.NativePassword);
        var stage1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var stage2 = SHA1.HashData(stage1);

        Span<byte> salted = stackalloc byte[ScrambleLength + stage2.Length];
        nonce.CopyTo(salted);
        stage2.CopyTo(salted[ScrambleLength..]);
        var mask = SHA1.HashData(salted);

        return Xor(stage1, mask);
    }

    /// <summary>
    /// caching_sha2_password fast auth: XOR(SHA256(pw), SHA256(SHA256(SHA256(pw)) || scramble)). An empty password
    /// is sent as an empty response.
    /// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html.
    /// </summary>
    public static byte[] CachingSha2(string password, ReadOnlySpan<byte> scramble)
    {
        if (password.Length == 0)
            return [];

        var nonce = TrimScramble(scramble, AuthPluginNames.CachingSha2);
        var digest1 = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var digest2 = SHA256.HashData(digest1);

        Span<byte> salted = stackalloc byte[digest2.Length + ScrambleLength];
        digest2.CopyTo(salted);
        nonce.CopyTo(salted[digest2.Length..]);
        var mask = SHA256.HashData(salted);

        return Xor(digest1, mask);
    }

    /// <summary>
    /// The password as NUL-terminated UTF-8: caching_sha2_password full auth and sha256_password over TLS or a Unix
    /// socket, and mysql_clear_password. Only send it when the server's identity is verified (see
    /// https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html).
    /// </summary>
    public static byte[] ClearPassword(string password)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(password) + 1];
        Encoding.UTF8.GetBytes(password, bytes);
        return bytes;
    }

    /// <summary>
    /// caching_sha2_password and sha256_password full auth over an unencrypted connection: RSA-OAEP(SHA-1) with the
    /// server's public key of (pw || 0x00) XOR the scramble, the scramble repeated over the whole length.
    /// Accepts the key as "BEGIN PUBLIC KEY" (SubjectPublicKeyInfo, what MySQL sends) or "BEGIN RSA PUBLIC KEY" (PKCS#1).
    /// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html and
    /// https://mariadb.com/kb/en/sha256_password-plugin/.
    /// </summary>
    public static byte[] RsaEncryptPassword(string password, ReadOnlySpan<byte> scramble, string pemPublicKey)
    {
        var nonce = TrimScramble(scramble, $"{AuthPluginNames.CachingSha2}/{AuthPluginNames.Sha256}");
        using var rsa = ImportRsaPublicKey(pemPublicKey);

        var plain = ClearPassword(password);
        for (var i = 0; i < plain.Length; i++)
            plain[i] ^= nonce[i % nonce.Length];

        var maxPlain = (rsa.KeySize / 8) - OaepSha1Overhead;
        if (plain.Length > maxPlain)
        {
            throw new MySqlException(
                $"the password is {plain.Length - 1} bytes, too long to encrypt with the server's {rsa.KeySize}-bit RSA key (at most {maxPlain - 1})",
                "connect with TLS so the password can be sent without RSA, or use a shorter password");
        }

        return rsa.Encrypt(plain, RSAEncryptionPadding.OaepSHA1);
    }

    /// <summary>
    /// MariaDB client_ed25519: the 64-byte Ed25519 signature of the server's 32-byte scramble, with the key derived
    /// from SHA-512 of the password bytes rather than of a 32-byte seed. MariaDB 10.11 sends the scramble as exactly
    /// 32 bytes after the plugin name in AuthSwitchRequest, with no trailing NUL, so the message is signed as given.
    /// See https://mariadb.com/kb/en/authentication-plugin-ed25519/.
    /// </summary>
    public static byte[] Ed25519Sign(string password, ReadOnlySpan<byte> message) =>
        Ed25519Signature.Sign(Ed25519ExpandedKey.FromPassword(Encoding.UTF8.GetBytes(password)), message);

    /// <summary>
    /// The 32-byte public key MariaDB stores for an ed25519 user (base64 in mysql.global_priv's authentication_string),
    /// as <c>PASSWORD('...')</c> computes it under the ed25519 plugin.
    /// </summary>
    public static byte[] Ed25519PublicKey(string password) =>
        Ed25519ExpandedKey.FromPassword(Encoding.UTF8.GetBytes(password)).PublicKey.ToArray();

    /// <summary>
    /// The servers send the 20-byte nonce followed by a NUL in the handshake and in AuthSwitchRequest; the NUL is not
    /// part of the nonce
    /// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html). Anything shorter than 20 bytes cannot be a real scramble.
    /// </summary>
    private static ReadOnlySpan<byte> TrimScramble(ReadOnlySpan<byte> scramble, string plugin)
    {
        if (scramble.Length < ScrambleLength)
            throw new MySqlProtocolException($"malformed {plugin} auth data: expected a {ScrambleLength}-byte scramble, got {scramble.Length} bytes");
        return scramble[..ScrambleLength];
    }

    private static byte[] Xor(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[left.Length];
        for (var i = 0; i < result.Length; i++)
            result[i] = (byte)(left[i] ^ right[i]);
        return result;
    }

    /// <summary>
    /// Reads the server's PEM public key. The labels are checked explicitly so a private key, a certificate or a
    /// truncated packet gives an error naming the problem instead of a generic cryptography failure.
    /// </summary>
    private static RSA ImportRsaPublicKey(string pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
            throw new MySqlProtocolException("the server's RSA public key is not PEM: no '-----BEGIN ... KEY-----' block found");

        var label = pem[fields.Label];
        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem[fields.Base64Data], der, out var written) || written != der.Length)
            throw new MySqlProtocolException($"the server's RSA public key PEM ({label}) has invalid base64");

        var rsa = RSA.Create();
        try
        {
            int read;
            switch (label)
            {
                case "PUBLIC KEY":
                    rsa.ImportSubjectPublicKeyInfo(der, out read);
                    break;
                case "RSA PUBLIC KEY":
                    rsa.ImportRSAPublicKey(der, out read);
                    break;
                default:
                    throw new MySqlProtocolException($"the server sent a PEM '{label}' block; expected 'PUBLIC KEY' or 'RSA PUBLIC KEY'");
            }

            if (read != der.Length)
                throw new MySqlProtocolException($"the server's RSA public key PEM ({label}) has {der.Length - read} trailing bytes after the key");
            return rsa;
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new MySqlProtocolException($"the server's RSA public key PEM ({label}) is not a valid RSA public key: {ex.Message}", ex);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }
}
