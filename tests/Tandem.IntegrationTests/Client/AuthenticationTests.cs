using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Client;

[Collection(MariaDbCollection.Name)]
public sealed class AuthenticationTests(MariaDbFixture db)
{
    [Fact]
    public async Task Native_password_user_logs_in_over_tcp()
    {
        var user = await CreateUserAsync("nat", "IDENTIFIED VIA mysql_native_password USING PASSWORD('n4t!ve pw')");
        await using var connection = await MySqlConnection.OpenAsync(Uri(user, "n4t!ve%20pw", "tls=disable"));
        Assert.Equal("mysql_native_password", connection.AuthPluginName);
        Assert.Equal(2L, await connection.QueryScalarAsync("SELECT 1+1"));
    }

    [Fact]
    public async Task Ed25519_user_logs_in_through_auth_switch()
    {
        var plugins = await db.Server.ExecuteSqlAsync("SELECT COUNT(*) FROM information_schema.PLUGINS WHERE PLUGIN_NAME='ed25519' AND PLUGIN_STATUS='ACTIVE'", CancellationToken.None);
        Assert.Equal("1", plugins.Trim());
        var user = await CreateUserAsync("ed", "IDENTIFIED VIA ed25519 USING PASSWORD('s3cret-ed')");
        await using var connection = await MySqlConnection.OpenAsync(Uri(user, "s3cret-ed", "tls=disable"));
        Assert.Equal("client_ed25519", connection.AuthPluginName);
        Assert.Equal(user, await connection.QueryScalarAsync("SELECT SUBSTRING_INDEX(CURRENT_USER(), '@', 1)"));
    }

    [Fact]
    public async Task Ed25519_user_with_wrong_password_is_refused_with_1045()
    {
        var user = await CreateUserAsync("edbad", "IDENTIFIED VIA ed25519 USING PASSWORD('right-one')");
        var ex = await Assert.ThrowsAsync<MySqlServerException>(() => MySqlConnection.OpenAsync(Uri(user, "wrong-one", "tls=disable")));
        Assert.Equal(1045, ex.ErrorCode);
        Assert.Equal("28000", ex.SqlState);
        Assert.DoesNotContain("wrong-one", ex.Message + ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_password_user_logs_in()
    {
        var user = await CreateUserAsync("nopw", string.Empty);
        await using var connection = await MySqlConnection.OpenAsync($"mysql://{user}@127.0.0.1:{db.Server.Port}/?tls=disable");
        Assert.Equal(1L, await connection.QueryScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task Unix_socket_connection_logs_in_as_root()
    {
        await using var connection = await MySqlConnection.OpenAsync($"mysql://root@localhost/?socket={System.Uri.EscapeDataString(db.Server.SocketPath)}");
        Assert.False(connection.IsTls);
        Assert.Equal(1L, await connection.QueryScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task Login_with_a_database_in_the_uri_selects_it()
    {
        var name = await db.CreateDatabaseAsync("authdb");
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{name}");
        Assert.Equal(name, await connection.QueryScalarAsync("SELECT DATABASE()"));
    }

    [Fact]
    public async Task Unreachable_port_gives_a_connection_error_with_a_hint()
    {
        var port = Tandem.Sandbox.FreePort.Next();
        var ex = await Assert.ThrowsAsync<MySqlConnectionException>(() => MySqlConnection.OpenAsync($"mysql://root:topsecret@127.0.0.1:{port}"));
        Assert.Contains("connection refused", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.Hint);
        Assert.DoesNotContain("topsecret", ex.Message + ex.Hint, StringComparison.Ordinal);
    }

    private async Task<string> CreateUserAsync(string prefix, string identification)
    {
        var user = DatabaseNames.Unique(prefix);
        await db.Server.ExecuteSqlAsync($"CREATE USER '{user}'@'%' {identification}; GRANT SELECT ON *.* TO '{user}'@'%';", CancellationToken.None);
        return user;
    }

    private string Uri(string user, string password, string query) => $"mysql://{user}:{password}@127.0.0.1:{db.Server.Port}/?{query}";
}
