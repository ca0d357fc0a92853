using System.Security.Cryptography;
using System.Text;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Auth;
using Tandem.MySql.Protocol.Auth.Ed25519;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Connection;

/// <summary>The connection phase against a scripted server: each plugin's exchange, byte for byte.</summary>
public sealed class AuthenticationTests
{
    private const string Password = "s3cret-Pässword";

    private static readonly byte[] SwitchScramble = [.. Enumerable.Range(0, 20).Select(i => (byte)(0x60 + i))];

    [Fact]
    public async Task Caching_sha2_fast_path_sends_the_sha256_scramble_and_logs_in()
    {
        byte[]? response = null;
        await using var server = FakeMySqlServer.Start(async c =>
        {
            var handshake = await c.GreetAsync(FakeGreeting.MySql());
            response = handshake.AuthResponse;
            Assert.Equal("caching_sha2_password", handshake.PluginName);
            Assert.Equal(FakeMySqlServer.User, handshake.User);
            await c.WritePayloadAsync(FakePackets.AuthMoreData(0x03));
            await c.WritePayloadAsync(FakePackets.Ok());
            await c.ExpectClientClosesAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri(Password)))
        {
            Assert.Equal("caching_sha2_password", connection.AuthPluginName);
            Assert.Equal("8.0.36", connection.ServerVersion);
            Assert.Equal(42u, connection.ConnectionId);
        }

        await server.NextSessionAsync();
        Assert.Equal(CachingSha2Expected(Password, FakeGreeting.DefaultScramble), response);
    }

    [Fact]
    public async Task Caching_sha2_full_auth_over_plain_tcp_is_refused_without_public_key_retrieval()
    {
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.GreetAsync(FakeGreeting.MySql());
            await c.WritePayloadAsync(FakePackets.AuthMoreData(0x04));

            // Neither a key request nor any form of the password may follow.
            await c.ExpectClientClosesAsync();
        });

        var ex = await Assert.ThrowsAsync<MySqlConnectionException>(() => MySqlConnection.OpenAsync(server.Uri(Password)));

        await server.NextSessionAsync();
        Assert.Contains("RSA key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("allow-public-key-retrieval=true", ex.Hint, StringComparison.Ordinal);
        SecretAssert.NotIn(Password, ex);
    }

    [Fact]
    public async Task Caching_sha2_full_auth_asks_for_the_key_with_0x02_and_sends_the_oaep_encrypted_password()
    {
        using var rsa = RSA.Create(2048);
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.GreetAsync(FakeGreeting.MySql());
            await c.WritePayloadAsync(FakePackets.AuthMoreData(0x04));
            Assert.Equal([0x02], await c.ReadPayloadAsync());
            await c.WritePayloadAsync(FakePackets.AuthMoreData(Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem())));
            AssertDecryptsToPassword(rsa, await c.ReadPayloadAsync(), FakeGreeting.DefaultScramble);
            await c.WritePayloadAsync(FakePackets.Ok());
            await c.ExpectClientClosesAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri(Password, "allow-public-key-retrieval=true")))
        {
            Assert.Equal("caching_sha2_password", connection.AuthPluginName);
        }

        await server.NextSessionAsync();
    }

    [Fact]
    public async Task Caching_sha2_full_auth_with_a_server_public_key_file_sends_the_encrypted_password_without_asking()
    {
        using var rsa = RSA.Create(2048);
        var keyFile = Path.Combine(Path.GetTempPath(), $"tandem-test-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(keyFile, rsa.ExportSubjectPublicKeyInfoPem());
        try
        {
            await using var server = FakeMySqlServer.Start(async c =>
            {
                await c.GreetAsync(FakeGreeting.MySql());
                await c.WritePayloadAsync(FakePackets.AuthMoreData(0x04));
                AssertDecryptsToPassword(rsa, await c.ReadPayloadAsync(), FakeGreeting.DefaultScramble);
                await c.WritePayloadAsync(FakePackets.Ok());
                await c.ExpectClientClosesAsync();
            });

            var connection = await MySqlConnection.OpenAsync(server.Uri(Password, $"server-public-key={Uri.EscapeDataString(keyFile)}"));
            await connection.DisposeAsync();
            await server.NextSessionAsync();
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task Sha256_password_asks_for_the_key_with_0x01_and_sends_the_encrypted_password()
    {
        using var rsa = RSA.Create(2048);
        await using var server = FakeMySqlServer.Start(async c =>
        {
            var handshake = await c.GreetAsync(FakeGreeting.MySql("sha256_password"));
            Assert.Equal([0x01], handshake.AuthResponse);
            await c.WritePayloadAsync(FakePackets.AuthMoreData(Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem())));
            AssertDecryptsToPassword(rsa, await c.ReadPayloadAsync(), FakeGreeting.DefaultScramble);
            await c.WritePayloadAsync(FakePackets.Ok());
            await c.ExpectClientClosesAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri(Password, "allow-public-key-retrieval=true")))
        {
            Assert.Equal("sha256_password", connection.AuthPluginName);
        }

        await server.NextSessionAsync();
    }

    [Fact]
    public async Task Auth_switch_to_caching_sha2_recomputes_the_scramble_with_the_new_nonce()
    {
        byte[]? first = null;
        byte[]? afterSwitch = null;
        await using var server = FakeMySqlServer.Start(async c =>
        {
            first = (await c.GreetAsync(FakeGreeting.MySql("mysql_native_password"))).AuthResponse;
            await c.WritePayloadAsync(FakePackets.AuthSwitch("caching_sha2_password", [.. SwitchScramble, 0]));
            afterSwitch = await c.ReadPayloadAsync();
            await c.WritePayloadAsync(FakePackets.AuthMoreData(0x03));
            await c.WritePayloadAsync(FakePackets.Ok());
            await c.ExpectClientClosesAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri(Password)))
        {
            Assert.Equal("caching_sha2_password", connection.AuthPluginName);
        }

        await server.NextSessionAsync();
        Assert.Equal(NativeExpected(Password, FakeGreeting.DefaultScramble), first);
        Assert.Equal(CachingSha2Expected(Password, SwitchScramble), afterSwitch);
    }

    [Theory]
    [InlineData(0x11)]
    // MariaDB sends the 32-byte ed25519 scramble without a trailing NUL, so a scramble whose last byte is zero
    // must be signed whole (1 login in 256 would otherwise fail).
    [InlineData(0x00)]
    public async Task Auth_switch_to_client_ed25519_sends_a_signature_of_the_32_byte_scramble(byte lastByte)
    {
        byte[] scramble = [.. Enumerable.Range(0, 31).Select(i => (byte)(0x80 + i)), lastByte];
        byte[]? signature = null;
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.GreetAsync(FakeGreeting.MariaDb());
            await c.WritePayloadAsync(FakePackets.AuthSwitch("client_ed25519", scramble));
            signature = await c.ReadPayloadAsync();
            await c.WritePayloadAsync(FakePackets.Ok());
            await c.ExpectClientClosesAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri(Password)))
        {
            Assert.Equal("client_ed25519", connection.AuthPluginName);
            Assert.True(connection.IsMariaDb);
        }

        await server.NextSessionAsync();
        Assert.NotNull(signature);
        Assert.Equal(64, signature.Length);
        Assert.True(Ed25519Signature.Verify(AuthScrambles.Ed25519PublicKey(Password), scramble, signature));
    }

    [Fact]
    public async Task Clear_password_over_plain_tcp_is_refused_and_the_password_never_sent()
    {
        var received = new List<byte[]>();
        await using var server = FakeMySqlServer.Start(async c =>
        {
            received.Add((await c.GreetAsync(FakeGreeting.MySql("mysql_native_password"))).Raw);
            await c.WritePayloadAsync(FakePackets.AuthSwitch("mysql_clear_password", []));
            c.Sequence = 0;
            while (await c.ReadPayloadOrEndAsync() is { } more)
            {
                received.Add(more);
                c.Sequence = 0;
            }
        });

        var ex = await Assert.ThrowsAsync<MySqlConnectionException>(() => MySqlConnection.OpenAsync(server.Uri(Password)));

        await server.NextSessionAsync();
        Assert.Contains("clear-text password", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tls=require", ex.Hint, StringComparison.Ordinal);
        var passwordBytes = Encoding.UTF8.GetBytes(Password);
        Assert.All(received, packet => Assert.Equal(-1, packet.AsSpan().IndexOf(passwordBytes)));
        SecretAssert.NotIn(Password, ex);
    }

    [Fact]
    public async Task Auth_switch_to_the_pre_41_old_password_plugin_is_refused_with_a_fix()
    {
        var received = new List<byte[]>();
        await using var server = FakeMySqlServer.Start(async c =>
        {
            received.Add((await c.GreetAsync(FakeGreeting.MariaDb())).Raw);
            await c.WritePayloadAsync(FakePackets.AuthSwitch("mysql_old_password", [.. "12345678"u8]));
            c.Sequence = 0;
            while (await c.ReadPayloadOrEndAsync() is { } more)
            {
                received.Add(more);
                c.Sequence = 0;
            }
        });

        var ex = await Assert.ThrowsAsync<MySqlConnectionException>(() => MySqlConnection.OpenAsync(server.Uri(Password)));

        await server.NextSessionAsync();
        Assert.Contains("mysql_old_password", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ALTER USER", ex.Hint, StringComparison.Ordinal);
        Assert.Single(received); // no answer to the switch, and no COM_QUIT into an unfinished connection phase
        SecretAssert.NotIn(Password, ex);
    }

    [Fact]
    public async Task Wrong_password_is_server_error_1045_that_does_not_show_the_password()
    {
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.GreetAsync(FakeGreeting.MySql());
            await c.WritePayloadAsync(FakePackets.Error(1045, "28000", $"Access denied for user '{FakeMySqlServer.User}'@'localhost' (using password: YES)"));
            await c.ExpectClientClosesAsync();
        });

        var ex = await Assert.ThrowsAsync<MySqlServerException>(() => MySqlConnection.OpenAsync(server.Uri(Password)));

        await server.NextSessionAsync();
        Assert.Equal(1045, ex.ErrorCode);
        Assert.Equal("28000", ex.SqlState);
        Assert.Contains("Access denied", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.Hint);
        SecretAssert.NotIn(Password, ex);
        SecretAssert.NotIn(Uri.EscapeDataString(Password), ex);
    }

    [Fact]
    public async Task Error_instead_of_a_greeting_is_a_server_exception_with_its_code()
    {
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.WritePayloadAsync(FakePackets.Error(1040, "08004", "Too many connections"));
        });

        var ex = await Assert.ThrowsAsync<MySqlServerException>(() => MySqlConnection.OpenAsync(server.Uri(Password)));

        await server.NextSessionAsync();
        Assert.Equal(1040, ex.ErrorCode);
        Assert.Equal("08004", ex.SqlState);
        Assert.Contains("Too many connections", ex.Message, StringComparison.Ordinal);
        SecretAssert.NotIn(Password, ex);
    }

    [Fact]
    public void Options_never_show_the_password()
    {
        var options = MySqlConnectionOptions.Parse($"mysql://{FakeMySqlServer.User}:{Uri.EscapeDataString(Password)}@127.0.0.1:3306/db?tls=disable");

        Assert.Equal(Password, options.Password);
        Assert.DoesNotContain(Password, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, options.DisplayName, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Password), options.ToString(), StringComparison.Ordinal);
    }

    /// <summary>XOR(SHA256(pw), SHA256(SHA256(SHA256(pw)) || nonce)), written out here independently of AuthScrambles.</summary>
    private static byte[] CachingSha2Expected(string password, byte[] nonce)
    {
        var p1 = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var p2 = SHA256.HashData(SHA256.HashData(p1).Concat(nonce).ToArray());
        return p1.Zip(p2, (a, b) => (byte)(a ^ b)).ToArray();
    }

    /// <summary>SHA1(pw) XOR SHA1(nonce || SHA1(SHA1(pw))).</summary>
    private static byte[] NativeExpected(string password, byte[] nonce)
    {
        var s1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var s2 = SHA1.HashData(nonce.Concat(SHA1.HashData(s1)).ToArray());
        return s1.Zip(s2, (a, b) => (byte)(a ^ b)).ToArray();
    }

    private static void AssertDecryptsToPassword(RSA rsa, byte[] encrypted, byte[] nonce)
    {
        var masked = rsa.Decrypt(encrypted, RSAEncryptionPadding.OaepSHA1);
        var plain = masked.Select((b, i) => (byte)(b ^ nonce[i % nonce.Length])).ToArray();
        Assert.Equal([.. Encoding.UTF8.GetBytes(Password), 0], plain);
    }
}
