using Tandem.MySql.Protocol;
using Tandem.Sandbox;

namespace Tandem.IntegrationTests.Client;

/// <summary>
/// The unix_socket plugin logs in the OS user of the peer process, so the test gives root@localhost that plugin:
/// on a server of its own, not to change the shared one's accounts.
/// </summary>
public sealed class UnixSocketAuthenticationTests
{
    [Fact]
    public async Task Unix_socket_plugin_logs_in_the_process_owner_over_the_socket_and_refuses_tcp()
    {
        await using var directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var server = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "unixsocket" }, timeout.Token);
        await server.ExecuteSqlAsync("ALTER USER root@localhost IDENTIFIED VIA unix_socket; CREATE USER sockonly@'%' IDENTIFIED VIA unix_socket;", timeout.Token);
        Assert.Contains("unix_socket", await server.ExecuteSqlAsync("SHOW CREATE USER root@localhost", timeout.Token), StringComparison.Ordinal);

        await using (var connection = await MySqlConnection.OpenAsync($"mysql://root@localhost/?socket={Uri.EscapeDataString(server.SocketPath)}", timeout.Token))
        {
            Assert.Equal("root@localhost", await connection.QueryScalarAsync("SELECT CURRENT_USER()", timeout.Token));
        }

        // Over TCP there is no peer process to identify, so the same plugin must refuse.
        var ex = await Assert.ThrowsAsync<MySqlServerException>(() => MySqlConnection.OpenAsync($"mysql://sockonly@127.0.0.1:{server.Port}", timeout.Token));
        Assert.Equal(1698, ex.ErrorCode);
    }
}
