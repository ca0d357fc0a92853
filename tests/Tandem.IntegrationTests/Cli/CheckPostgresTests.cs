using Tandem.IntegrationTests.Fixtures;

namespace Tandem.IntegrationTests.Cli;

[Collection(PostgresCollection.Name)]
public sealed class CheckPostgresTests
{
    private readonly PostgresFixture _fixture;

    public CheckPostgresTests(PostgresFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Sandbox_postgres_has_logical_wal()
    {
        var run = await CliRun.RunAsync("check", _fixture.Server.Uri, "--json");

        Assert.True(run.ExitCode == 0, run.AllOutput);
        var checks = run.Checks();
        Assert.Equal("pass", checks["wal_level"].Status);
        Assert.Equal("pass", checks["replication role"].Status);
    }

    [Fact]
    public async Task Table_without_primary_key_is_a_warning()
    {
        var database = await _fixture.CreateDatabaseAsync("cli_pg_nokey");
        await _fixture.Server.ExecuteSqlAsync("CREATE TABLE loose (a int, b text);", database, CancellationToken.None);

        var run = await CliRun.RunAsync("check", $"postgres://postgres@127.0.0.1:{_fixture.Server.Port}/{database}", "--json");

        Assert.True(run.ExitCode == 0, run.AllOutput);
        var row = run.Checks()["tables without key"];
        Assert.Equal("warn", row.Status);
        Assert.Contains("public.loose", row.Detail, StringComparison.Ordinal);
        Assert.Contains("REPLICA IDENTITY FULL", row.Fix, StringComparison.Ordinal);
    }
}
