using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Connection;

/// <summary>How the client reads MySQL and MariaDB greetings and what capabilities it answers with
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html, https://mariadb.com/kb/en/connection/).</summary>
public sealed class GreetingTests
{
    [Fact]
    public async Task Mysql_greeting_is_read_as_mysql_and_answered_with_bit_0_set_and_no_mariadb_capabilities()
    {
        ClientHandshakeResponse? response = null;
        await using var server = FakeMySqlServer.Start(async c =>
        {
            response = await c.GreetAsync(FakeGreeting.MySql("mysql_native_password"));
            await c.WritePayloadAsync(FakePackets.Ok());
            await c.ExpectClientClosesAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri("pw")))
        {
            Assert.False(connection.IsMariaDb);
            Assert.Equal("8.0.36", connection.ServerVersion);
        }

        await server.NextSessionAsync();
        Assert.NotNull(response);
        Assert.True(response.Capabilities.HasFlag(CapabilityFlags.LongPassword));
        Assert.True(response.Capabilities.HasFlag(CapabilityFlags.Protocol41));
        Assert.True(response.Capabilities.HasFlag(CapabilityFlags.DeprecateEof));
        Assert.False(response.Capabilities.HasFlag(CapabilityFlags.Ssl));
        Assert.False(response.Capabilities.HasFlag(CapabilityFlags.Compress));
        Assert.Equal(0u, response.MariaDbCapabilities);
        Assert.All(response.Filler, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Mariadb_greeting_strips_the_version_prefix_and_gets_extended_capabilities_in_the_filler()
    {
        ClientHandshakeResponse? response = null;
        await using var server = FakeMySqlServer.Start(async c =>
        {
            response = await c.GreetAsync(FakeGreeting.MariaDb());
            await c.WritePayloadAsync(FakePackets.Ok());
            await c.ExpectClientClosesAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri("pw")))
        {
            Assert.True(connection.IsMariaDb);
            Assert.Equal("10.11.6-MariaDB", connection.ServerVersion);
        }

        await server.NextSessionAsync();
        Assert.NotNull(response);
        Assert.False(response.Capabilities.HasFlag(CapabilityFlags.LongPassword));
        Assert.True(response.Capabilities.HasFlag(CapabilityFlags.Protocol41));
        Assert.Equal((uint)((ulong)(CapabilityFlags.MariaDbExtendedMetadata | CapabilityFlags.MariaDbCacheMetadata) >> 32), response.MariaDbCapabilities);
        Assert.All(response.Filler.Take(19), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Greeting_parser_reads_what_the_fake_sends()
    {
        var greeting = FakeGreeting.MariaDb("client_ed25519") with { ConnectionId = 7 };

        var parsed = InitialHandshakePayload.Create(greeting.ToPayload());

        Assert.True(parsed.IsMariaDb);
        Assert.Equal("10.11.6-MariaDB", parsed.ServerVersion);
        Assert.Equal(7u, parsed.ConnectionId);
        Assert.Equal(FakeGreeting.DefaultScramble, parsed.Scramble);
        Assert.Equal("client_ed25519", parsed.AuthPluginName);
        Assert.Equal(FakeGreeting.MariaDbCapabilities, parsed.Capabilities);
    }

    [Fact]
    public async Task Database_in_the_uri_is_sent_with_connect_with_db()
    {
        ClientHandshakeResponse? response = null;
        await using var server = FakeMySqlServer.Start(async c =>
        {
            response = await c.GreetAsync(FakeGreeting.MySql());
            await c.WritePayloadAsync(FakePackets.Ok());
            await c.ExpectClientClosesAsync();
        });

        var connection = await MySqlConnection.OpenAsync($"mysql://{FakeMySqlServer.User}:pw@127.0.0.1:{server.Port}/shop?tls=disable");
        await connection.DisposeAsync();

        await server.NextSessionAsync();
        Assert.NotNull(response);
        Assert.True(response.Capabilities.HasFlag(CapabilityFlags.ConnectWithDb));
        Assert.Equal("shop", response.Database);
    }
}
