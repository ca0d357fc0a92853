using System.Numerics;

namespace Tandem.MySql.Protocol.Auth.Ed25519;

/// <summary>Integers modulo L, the prime order of the edwards25519 base point (RFC 8032 section 5.1).</summary>
internal static class Ed25519Scalar
{
    /// <summary>L = 2^252 + 27742317777372353535851937790883648493.</summary>
    public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every integer in EdDSA is little-endian (RFC 8032 section 5.1.2).</summary>
    public static BigInteger FromLittleEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    /// <summary>A SHA-512 digest read as a 512-bit little-endian integer, reduced mod L (RFC 8032 section 5.1.6, steps 2 and 4).</summary>
    public static BigInteger ReduceDigest(ReadOnlySpan<byte> digest) => BigInteger.Remainder(FromLittleEndian(digest), L);

    /// <summary>The 32-byte little-endian encoding of a value already below 2^256.</summary>
    public static byte[] ToLittleEndian32(BigInteger value)
    {
        var bytes = new byte[32];
        if (!value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false))
            throw new ArgumentOutOfRangeException(nameof(value), "scalar does not fit in 32 bytes");
        return bytes;
    }

    /// <summary>
    /// Clamps the first half of the key digest into the secret scalar: clear the low 3 bits (a multiple of the
    /// cofactor 8), clear bit 255 and set bit 254 (RFC 8032 section 5.1.5, step 2).
    /// </summary>
    public static BigInteger Clamp(ReadOnlySpan<byte> first32)
    {
        Span<byte> s = stackalloc byte[32];
        first32[..32].CopyTo(s);
        s[0] &= 0xF8;
        s[31] &= 0x7F;
        s[31] |= 0x40;
        return FromLittleEndian(s);
    }
}
