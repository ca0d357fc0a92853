using System.Text.Json;
using Tandem.IntegrationTests.Fixtures;

namespace Tandem.IntegrationTests.Cli;

[Collection(MariaDbCollection.Name)]
public sealed class CheckMariaDbTests
{
    private readonly MariaDbFixture _fixture;

    public CheckMariaDbTests(MariaDbFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Sandbox_server_can_serve_as_a_source()
    {
        var run = await CliRun.RunAsync("check", _fixture.Server.Uri, "--json");

        Assert.True(run.ExitCode == 0, run.AllOutput);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.True(document.RootElement.GetProperty("ok").GetBoolean());
        var server = document.RootElement.GetProperty("servers")[0];
        Assert.Equal("MariaDB", server.GetProperty("flavor").GetString());
        Assert.Equal("pass", run.Checks()["binlog_format"].Status);
        Assert.Equal("pass", run.Checks()["privileges"].Status);
    }

    [Fact]
    public async Task Table_output_ends_each_server_with_a_verdict()
    {
        var run = await CliRun.RunAsync("check", _fixture.Server.Uri);

        Assert.True(run.ExitCode == 0, run.AllOutput);
        Assert.Contains("binlog_row_image", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{_fixture.Server.Uri}: can serve as a source", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_without_key_is_a_warning_that_names_it()
    {
        var database = await _fixture.CreateDatabaseAsync("cli_nokey");
        await _fixture.Server.ExecuteSqlAsync($"CREATE TABLE `{database}`.loose (a INT, b TEXT)", CancellationToken.None);

        var run = await CliRun.RunAsync("check", _fixture.Server.Uri, "--json");

        Assert.True(run.ExitCode == 0, run.AllOutput);
        var row = run.Checks()["tables without key"];
        Assert.Equal("warn", row.Status);
        Assert.Contains($"{database}.loose", row.Detail, StringComparison.Ordinal);
        Assert.Contains("ADD PRIMARY KEY", row.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inet4_inet6_and_uuid_columns_pass_the_column_types_check()
    {
        var database = await _fixture.CreateDatabaseAsync("cli_plugins");
        await _fixture.Server.ExecuteSqlAsync($"CREATE TABLE `{database}`.p (u UUID PRIMARY KEY, a INET6, b INET4)", CancellationToken.None);

        var run = await CliRun.RunAsync("check", _fixture.Server.Uri, "--json");

        Assert.True(run.ExitCode == 0, run.AllOutput);
        var row = run.Checks()["column types"];
        Assert.Equal("pass", row.Status);
    }

    [Fact]
    public async Task User_without_replication_privileges_fails_naming_what_is_missing()
    {
        var user = DatabaseNames.Unique("cli_limited");
        await _fixture.Server.ExecuteSqlAsync(
            $"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw1'; GRANT SELECT ON *.* TO '{user}'@'%';", CancellationToken.None);

        var run = await CliRun.RunAsync("check", $"mysql://{user}:pw1@127.0.0.1:{_fixture.Server.Port}", "--json");

        Assert.Equal(1, run.ExitCode);
        var row = run.Checks()["privileges"];
        Assert.Equal("fail", row.Status);
        Assert.Contains("RELOAD", row.Detail, StringComparison.Ordinal);
        Assert.Contains("REPLICATION SLAVE", row.Detail, StringComparison.Ordinal);
        Assert.Contains("BINLOG MONITOR", row.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT,", row.Fix, StringComparison.Ordinal);
        Assert.StartsWith("GRANT RELOAD", row.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_fails_without_showing_the_password()
    {
        const string password = "Wr0ngPassw0rdXyz";
        var user = DatabaseNames.Unique("cli_pw");
        await _fixture.Server.ExecuteSqlAsync($"CREATE USER '{user}'@'%' IDENTIFIED BY 'right';", CancellationToken.None);
        var uri = $"mysql://{user}:{password}@127.0.0.1:{_fixture.Server.Port}";

        var table = await CliRun.RunAsync("check", uri);
        var json = await CliRun.RunAsync("check", uri, "--json");
        var verbose = await CliRun.RunAsync("check", uri, "--verbose");

        foreach (var run in new[] { table, json, verbose })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.DoesNotContain(password, run.AllOutput, StringComparison.Ordinal);
        }

        Assert.Equal("fail", json.Checks()["connection"].Status);
        Assert.Contains("Access denied", json.Checks()["connection"].Detail, StringComparison.Ordinal);
    }
}
