using System.Security.Cryptography;

namespace Tandem.MySql.Protocol.Auth.Ed25519;

/// <summary>Ed25519 signing and verification over an expanded key (RFC 8032 sections 5.1.6 and 5.1.7).</summary>
internal static class Ed25519Signature
{
    public const int Length = 64;

    /// <summary>The 64-byte signature R || S of <paramref name="message"/> (RFC 8032 section 5.1.6).</summary>
    public static byte[] Sign(Ed25519ExpandedKey key, ReadOnlySpan<byte> message)
    {
        // r = SHA-512(prefix || M) mod L: deterministic, so no random source is needed or trusted.
        var r = Ed25519Scalar.ReduceDigest(Hash(key.Prefix, ReadOnlySpan<byte>.Empty, message));
        var encodedR = EdwardsPoint.Base.Multiply(r).Encode();

        // k = SHA-512(R || A || M) mod L; S = (r + k * s) mod L.
        var k = Ed25519Scalar.ReduceDigest(Hash(encodedR, key.PublicKey, message));
        var s = (r + (k * key.Scalar)) % Ed25519Scalar.L;

        var signature = new byte[Length];
        encodedR.CopyTo(signature, 0);
        Ed25519Scalar.ToLittleEndian32(s).CopyTo(signature, 32);
        return signature;
    }

    /// <summary>
    /// True when <paramref name="signature"/> is valid for <paramref name="message"/> under <paramref name="publicKey"/>.
    /// Checks [S]B = R + [k]A, which RFC 8032 section 5.1.7 allows in place of the cofactored equation.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 32 || signature.Length != Length)
            return false;
        if (!EdwardsPoint.TryDecode(publicKey, out var a) || !EdwardsPoint.TryDecode(signature[..32], out var r))
            return false;

        // A non-canonical S >= L would make signatures malleable (RFC 8032 section 5.1.7, step 1).
        var s = Ed25519Scalar.FromLittleEndian(signature[32..]);
        if (s >= Ed25519Scalar.L)
            return false;

        var k = Ed25519Scalar.ReduceDigest(Hash(signature[..32], publicKey, message));
        return EdwardsPoint.Base.Multiply(s).IsSamePointAs(r.Add(a.Multiply(k)));
    }

    private static byte[] Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> message)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        sha.AppendData(first);
        sha.AppendData(second);
        sha.AppendData(message);
        return sha.GetHashAndReset();
    }
}
