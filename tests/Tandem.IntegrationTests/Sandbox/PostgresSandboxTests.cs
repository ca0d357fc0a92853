using Npgsql;
using Tandem.IntegrationTests.Fixtures;

namespace Tandem.IntegrationTests.Sandbox;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSandboxTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Server_has_logical_decoding_enabled()
    {
        var rows = await fixture.Server.ExecuteSqlAsync(
            "SHOW wal_level; SHOW logical_decoding_work_mem; SHOW max_replication_slots;", CancellationToken.None);

        Assert.Equal(["logical", "64kB", "10"], rows.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Npgsql_connects_over_tcp_with_the_connection_string()
    {
        await using var connection = new NpgsqlConnection(fixture.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_user", connection);

        Assert.Equal("postgres", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Replication_connections_are_trusted()
    {
        // A physical replication connection is matched by pg_hba's "replication" entries only.
        var builder = new NpgsqlConnectionStringBuilder(fixture.Server.ConnectionString);
        await using var connection = new Npgsql.Replication.LogicalReplicationConnection(builder.ConnectionString);
        await connection.Open();
        var system = await connection.IdentifySystem();

        Assert.NotEqual(0UL, (ulong)system.XLogPos);
    }

    [Fact]
    public async Task Created_database_exists()
    {
        var name = await fixture.CreateDatabaseAsync("sandbox");

        var answer = await fixture.Server.ExecuteSqlAsync("SELECT current_database()", name, CancellationToken.None);
        Assert.Equal(name, answer.Trim());
    }
}
