using System.Numerics;
using System.Security.Cryptography;

namespace Tandem.MySql.Protocol.Auth.Ed25519;

/// <summary>
/// The secret scalar s, the nonce prefix and the public key A = [s]B that signing needs.
/// RFC 8032 and MariaDB differ only in what is hashed to get them, so both constructors feed the same
/// <see cref="FromDigest"/> and share everything after it.
/// Hand-written because no served package signs with MariaDB's key: NSec, Geralt (libsodium) and BouncyCastle take only
/// RFC 8032's 32-byte seed and hash it themselves, with no way to give them SHA-512 of a password of any length.
/// </summary>
internal sealed class Ed25519ExpandedKey
{
    private readonly byte[] _prefix;
    private readonly byte[] _publicKey;

    private Ed25519ExpandedKey(BigInteger scalar, byte[] prefix, byte[] publicKey)
    {
        Scalar = scalar;
        _prefix = prefix;
        _publicKey = publicKey;
    }

    /// <summary>The clamped secret scalar s.</summary>
    public BigInteger Scalar { get; }

    /// <summary>The second half of the key digest, hashed with the message to derive the per-signature nonce.</summary>
    public ReadOnlySpan<byte> Prefix => _prefix;

    /// <summary>The encoded public key A = [s]B (32 bytes).</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Standard Ed25519: the private key is a 32-byte seed, hashed with SHA-512 (RFC 8032 section 5.1.5).</summary>
    public static Ed25519ExpandedKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
            throw new ArgumentException($"an Ed25519 seed is 32 bytes, not {seed.Length}", nameof(seed));
        return FromDigest(SHA512.HashData(seed));
    }

    /// <summary>
    /// MariaDB's ed25519 plugin: the password bytes of any length take the seed's place, so the key is
    /// SHA-512(password) clamped, and the stored authentication string is base64 of A
    /// (https://mariadb.com/kb/en/authentication-plugin-ed25519/; MariaDB's crypto_sign_keypair hashes the password).
    /// </summary>
    public static Ed25519ExpandedKey FromPassword(ReadOnlySpan<byte> passwordBytes) => FromDigest(SHA512.HashData(passwordBytes));

    private static Ed25519ExpandedKey FromDigest(ReadOnlySpan<byte> digest)
    {
        var scalar = Ed25519Scalar.Clamp(digest[..32]);
        var publicKey = EdwardsPoint.Base.Multiply(scalar).Encode();
        return new Ed25519ExpandedKey(scalar, digest[32..64].ToArray(), publicKey);
    }
}
