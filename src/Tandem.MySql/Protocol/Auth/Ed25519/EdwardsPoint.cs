using System.Numerics;

namespace Tandem.MySql.Protocol.Auth.Ed25519;

/// <summary>
/// A point of edwards25519 in extended homogeneous coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z and
/// x*y = T/Z, which make addition and doubling free of inversions (RFC 8032 section 5.1.4).
/// </summary>
internal readonly struct EdwardsPoint
{
    private EdwardsPoint(BigInteger x, BigInteger y, BigInteger z, BigInteger t)
    {
        X = x;
        Y = y;
        Z = z;
        T = t;
    }

    public BigInteger X { get; }

    public BigInteger Y { get; }

    public BigInteger Z { get; }

    public BigInteger T { get; }

    /// <summary>The neutral element (0, 1).</summary>
    public static EdwardsPoint Identity { get; } = new(BigInteger.Zero, BigInteger.One, BigInteger.One, BigInteger.Zero);

    /// <summary>The base point B: y = 4/5 and x positive (even), RFC 8032 section 5.1.</summary>
    public static EdwardsPoint Base { get; } = CreateBase();

    public static EdwardsPoint FromAffine(BigInteger x, BigInteger y) => new(x, y, BigInteger.One, Field25519.Mul(x, y));

    /// <summary>Unified addition, valid for doubling and the identity too (RFC 8032 section 5.1.4, "add-2008-hwcd-3").</summary>
    public EdwardsPoint Add(EdwardsPoint q)
    {
        var a = Field25519.Mul(Field25519.Sub(Y, X), Field25519.Sub(q.Y, q.X));
        var b = Field25519.Mul(Field25519.Add(Y, X), Field25519.Add(q.Y, q.X));
        var c = Field25519.Mul(Field25519.Mul(T, Field25519.D2), q.T);
        var d = Field25519.Mul(2 * Z, q.Z);
        var e = Field25519.Sub(b, a);
        var f = Field25519.Sub(d, c);
        var g = Field25519.Add(d, c);
        var h = Field25519.Add(b, a);
        return new EdwardsPoint(Field25519.Mul(e, f), Field25519.Mul(g, h), Field25519.Mul(f, g), Field25519.Mul(e, h));
    }

    /// <summary>Dedicated doubling, cheaper than <see cref="Add"/> (RFC 8032 section 5.1.4, "dbl-2008-hwcd").</summary>
    public EdwardsPoint Double()
    {
        var a = Field25519.Mul(X, X);
        var b = Field25519.Mul(Y, Y);
        var c = Field25519.Mul(2 * Z, Z);
        var h = Field25519.Add(a, b);
        var xy = Field25519.Add(X, Y);
        var e = Field25519.Sub(h, Field25519.Mul(xy, xy));
        var g = Field25519.Sub(a, b);
        var f = Field25519.Add(c, g);
        return new EdwardsPoint(Field25519.Mul(e, f), Field25519.Mul(g, h), Field25519.Mul(f, g), Field25519.Mul(e, h));
    }

    /// <summary>
    /// [k]P by double-and-add from the top bit. Not constant-time: BigInteger cannot be, and the client signs once
    /// per login, so a timing attacker would need local, repeated, precise measurements of one handshake.
    /// </summary>
    public EdwardsPoint Multiply(BigInteger scalar)
    {
        if (scalar.Sign < 0)
            throw new ArgumentOutOfRangeException(nameof(scalar), "scalar must not be negative");

        var result = Identity;
        for (var bit = (int)scalar.GetBitLength() - 1; bit >= 0; bit--)
        {
            result = result.Double();
            if (!(scalar >> bit).IsEven)
                result = result.Add(this);
        }

        return result;
    }

    /// <summary>True when both represent the same affine point: X1/Z1 = X2/Z2 and Y1/Z1 = Y2/Z2, cross-multiplied.</summary>
    public bool IsSamePointAs(EdwardsPoint q) =>
        Field25519.Mul(X, q.Z) == Field25519.Mul(q.X, Z) && Field25519.Mul(Y, q.Z) == Field25519.Mul(q.Y, Z);

    /// <summary>
    /// The 32-byte encoding: y little-endian, with the low bit of x in the top bit of the last byte
    /// (RFC 8032 section 5.1.2).
    /// </summary>
    public byte[] Encode()
    {
        var zInverse = Field25519.Invert(Z);
        var x = Field25519.Mul(X, zInverse);
        var y = Field25519.Mul(Y, zInverse);
        var bytes = new byte[32];
        y.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        if (!x.IsEven)
            bytes[31] |= 0x80;
        return bytes;
    }

    /// <summary>Decodes a 32-byte encoding, rejecting y >= p and encodings of no point (RFC 8032 section 5.1.3).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out EdwardsPoint point)
    {
        point = Identity;
        if (encoded.Length != 32)
            return false;

        Span<byte> yBytes = stackalloc byte[32];
        encoded.CopyTo(yBytes);
        var xIsOdd = (yBytes[31] & 0x80) != 0;
        yBytes[31] &= 0x7F;
        var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: false);
        if (!Field25519.TryRecoverX(y, xIsOdd, out var x))
            return false;

        point = FromAffine(x, y);
        return true;
    }

    private static EdwardsPoint CreateBase()
    {
        var y = Field25519.Mul(4, Field25519.Invert(5));
        if (!Field25519.TryRecoverX(y, xIsOdd: false, out var x))
            throw new InvalidOperationException("edwards25519 base point is not on the curve; the field constants are wrong");
        return FromAffine(x, y);
    }
}
