using Tandem.MySql.Protocol.Auth.Ed25519;

namespace Tandem.MySql.Tests.Auth;

/// <summary>The shared Ed25519 core, checked in its standard (seeded) form against RFC 8032 section 7.1.</summary>
public sealed class Ed25519Rfc8032Tests
{
    public static TheoryData<string, string, string, string> Vectors => new()
    {
        // TEST 1: empty message.
        {
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        // TEST 2: one-byte message.
        {
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        // TEST 3: two-byte message.
        {
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Seed_gives_the_rfc_public_key(string seed, string publicKey, string message, string signature)
    {
        _ = message;
        _ = signature;
        var key = Ed25519ExpandedKey.FromSeed(Convert.FromHexString(seed));
        Assert.Equal(publicKey, Convert.ToHexStringLower(key.PublicKey));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Signature_matches_the_rfc_vector(string seed, string publicKey, string message, string signature)
    {
        _ = publicKey;
        var key = Ed25519ExpandedKey.FromSeed(Convert.FromHexString(seed));
        var actual = Ed25519Signature.Sign(key, Convert.FromHexString(message));
        Assert.Equal(signature, Convert.ToHexStringLower(actual));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Rfc_signature_verifies_and_any_flipped_bit_does_not(string seed, string publicKey, string message, string signature)
    {
        _ = seed;
        var pk = Convert.FromHexString(publicKey);
        var msg = Convert.FromHexString(message);
        var sig = Convert.FromHexString(signature);
        Assert.True(Ed25519Signature.Verify(pk, msg, sig));

        foreach (var bit in new[] { 0, 100, 255, 256, 300, 511 })
        {
            var tampered = (byte[])sig.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Ed25519Signature.Verify(pk, msg, tampered), $"signature with bit {bit} flipped verified");
        }

        Assert.False(Ed25519Signature.Verify(pk, [.. msg, 0], sig));
    }

    [Fact]
    public void Signature_with_s_not_reduced_mod_l_is_rejected()
    {
        // Adding L to S gives the same point equation but a non-canonical encoding, which RFC 8032 5.1.7 rejects.
        var pk = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        var sig = Convert.FromHexString("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        var s = Ed25519Scalar.FromLittleEndian(sig.AsSpan(32)) + Ed25519Scalar.L;
        Ed25519Scalar.ToLittleEndian32(s).CopyTo(sig, 32);

        Assert.False(Ed25519Signature.Verify(pk, [], sig));
    }

    [Fact]
    public void Base_point_encodes_as_the_rfc_constant()
    {
        // RFC 8032 section 5.1: B = (x, 4/5) with x positive; its encoding is 0x58 followed by 31 bytes of 0x66.
        Assert.Equal("58" + string.Concat(Enumerable.Repeat("66", 31)), Convert.ToHexStringLower(EdwardsPoint.Base.Encode()));
    }

    [Fact]
    public void Base_point_has_order_l()
    {
        Assert.True(EdwardsPoint.Base.Multiply(Ed25519Scalar.L).IsSamePointAs(EdwardsPoint.Identity));
        Assert.False(EdwardsPoint.Base.Multiply(Ed25519Scalar.L - 1).IsSamePointAs(EdwardsPoint.Identity));
    }

    [Fact]
    public void Encoding_round_trips_through_decoding()
    {
        var point = EdwardsPoint.Base.Multiply(123456789);
        Assert.True(EdwardsPoint.TryDecode(point.Encode(), out var decoded));
        Assert.True(decoded.IsSamePointAs(point));
    }

    [Fact]
    public void Y_not_below_p_does_not_decode()
    {
        // y = p (all ones except the low byte 0xED and a clear sign bit) is a non-canonical encoding of y = 0.
        var encoded = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        encoded[0] = 0xED;
        encoded[31] = 0x7F;
        Assert.False(EdwardsPoint.TryDecode(encoded, out _));
    }
}
