using System.Numerics;

namespace Tandem.MySql.Protocol.Auth.Ed25519;

/// <summary>
/// Arithmetic in GF(p), p = 2^255 - 19, the base field of edwards25519 (RFC 8032 section 5.1).
/// BigInteger keeps this short and obviously correct; one login signs once, so speed hardly matters.
/// Every result is reduced into [0, p).
/// </summary>
internal static class Field25519
{
    public static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    /// <summary>The curve constant d = -121665/121666 (RFC 8032 section 5.1).</summary>
    public static readonly BigInteger D = Mod(-121665 * Invert(121666));

    /// <summary>2d, which the unified addition formula of RFC 8032 section 5.1.4 uses.</summary>
    public static readonly BigInteger D2 = Mod(2 * D);

    /// <summary>A square root of -1, 2^((p-1)/4) (RFC 8032 section 5.1.3, step 3).</summary>
    public static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);

    public static BigInteger Mod(BigInteger x)
    {
        // BigInteger's remainder keeps the sign of the dividend; the field wants the representative in [0, p).
        var r = BigInteger.Remainder(x, P);
        return r.Sign < 0 ? r + P : r;
    }

    public static BigInteger Add(BigInteger a, BigInteger b) => Mod(a + b);

    public static BigInteger Sub(BigInteger a, BigInteger b) => Mod(a - b);

    public static BigInteger Mul(BigInteger a, BigInteger b) => Mod(a * b);

    /// <summary>a^(p-2) = 1/a by Fermat's little theorem; the caller never inverts zero.</summary>
    public static BigInteger Invert(BigInteger a) => BigInteger.ModPow(Mod(a), P - 2, P);

    /// <summary>
    /// Recovers x from y and the sign bit of x, or returns false when no point has that y
    /// (RFC 8032 section 5.1.3, steps 2-4).
    /// </summary>
    public static bool TryRecoverX(BigInteger y, bool xIsOdd, out BigInteger x)
    {
        x = BigInteger.Zero;
        if (y.Sign < 0 || y >= P)
            return false;

        var y2 = Mul(y, y);
        var u = Sub(y2, 1);
        var v = Add(Mul(D, y2), 1);

        // x = sqrt(u/v); with p = 5 (mod 8) the candidate is (u/v)^((p+3)/8), times sqrt(-1) when it squares to -u/v.
        var x2 = Mul(u, Invert(v));
        var candidate = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (Mul(candidate, candidate) != x2)
        {
            candidate = Mul(candidate, SqrtMinusOne);
            if (Mul(candidate, candidate) != x2)
                return false;
        }

        if (candidate.IsZero && xIsOdd)
            return false;
        if (candidate.IsEven == xIsOdd)
            candidate = P - candidate;

        x = candidate;
        return true;
    }
}
