using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Protocol.Auth;
using Tandem.MySql.Protocol.Auth.Ed25519;

namespace Tandem.MySql.Tests.Auth;

/// <summary>MariaDB's client_ed25519 variant: the key comes from SHA-512 of the password, not of a 32-byte seed.</summary>
public sealed class MariaDbEd25519Tests
{
    [Theory]
    // Read from mysql.global_priv on MariaDB 10.11.19 after
    // CREATE USER ... IDENTIFIED VIA ed25519 USING PASSWORD('...') (utf8mb4 client); the server stores unpadded base64.
    // The same server also accepted Ed25519Sign's response for both users in a real handshake.
    [InlineData("secret", "ZIgUREUg5PVgQ6LskhXmO+eZLS0nC8be6HPjYWR4YJY")]
    [InlineData("pässwörd 🔑", "mLcZqW0cHS/hzfieWckUA9yG3lPlwrDd0zkfYsk2tnE")]
    public void Public_key_matches_what_MariaDB_stores(string password, string storedBase64)
    {
        var expected = Convert.FromBase64String(storedBase64 + "=");
        Assert.Equal(expected, AuthScrambles.Ed25519PublicKey(password));
    }

    [Fact]
    public void Password_of_exactly_32_bytes_is_the_rfc_seed()
    {
        // Both hash their input with SHA-512 and share the rest, so only a password of seed length coincides;
        // any other length has no RFC 8032 seed, which is why a seed-only Ed25519 API cannot be used.
        var password = new string('k', 32);
        var asSeed = Ed25519ExpandedKey.FromSeed(Encoding.UTF8.GetBytes(password)).PublicKey.ToArray();
        Assert.Equal(asSeed, AuthScrambles.Ed25519PublicKey(password));
    }

    [Fact]
    public void Signature_of_a_scramble_verifies_under_the_stored_public_key()
    {
        var scramble = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        var publicKey = Convert.FromBase64String("ZIgUREUg5PVgQ6LskhXmO+eZLS0nC8be6HPjYWR4YJY=");

        var signature = AuthScrambles.Ed25519Sign("secret", scramble);

        Assert.Equal(64, signature.Length);
        Assert.True(Ed25519Signature.Verify(publicKey, scramble, signature));
        Assert.False(Ed25519Signature.Verify(AuthScrambles.Ed25519PublicKey("Secret"), scramble, signature));
    }

    [Fact]
    public void Signing_is_deterministic()
    {
        var scramble = new byte[32];
        Assert.Equal(AuthScrambles.Ed25519Sign("secret", scramble), AuthScrambles.Ed25519Sign("secret", scramble));
    }

    [Fact]
    public void Sign_verify_round_trips_for_any_password_and_message()
    {
        var property = Prop.ForAll<NonNull<string>, byte[]>((password, message) =>
        {
            message ??= [];
            var signature = AuthScrambles.Ed25519Sign(password.Get, message);
            var publicKey = AuthScrambles.Ed25519PublicKey(password.Get);
            var valid = Ed25519Signature.Verify(publicKey, message, signature);

            var other = (byte[])message.Clone();
            if (other.Length == 0)
                other = [1];
            else
                other[0] ^= 1;
            return valid && !Ed25519Signature.Verify(publicKey, other, signature);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), property);
    }
}
