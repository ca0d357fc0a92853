using Tandem.Sandbox;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Client;

/// <summary>Restarts its own server, so it does not disturb the shared one.</summary>
public sealed class ServerRestartTests
{
    [Fact]
    public async Task A_restart_mid_query_gives_a_clear_error_and_the_next_query_reconnects()
    {
        await using var directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var server = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "restart" }, timeout.Token);
        await using var connection = await MySqlConnection.OpenAsync(server.Uri);
        var before = connection.ConnectionId;

        var running = connection.ExecuteAsync("SELECT SLEEP(120)");
        await server.RestartAsync(timeout.Token);

        var ex = await Assert.ThrowsAnyAsync<MySqlException>(() => running);
        Assert.True(ex is MySqlConnectionException or MySqlServerException { ErrorCode: 1053 or 1927 or 2013 }, ex.ToString());
        Assert.NotNull(ex.Hint);

        Assert.Equal(1L, await connection.QueryScalarAsync("SELECT 1"));
        Assert.NotEqual(before, connection.ConnectionId);
    }
}
