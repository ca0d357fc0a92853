using Tandem.Cli.Check;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Cli;

/// <summary>
/// The `tls` row of `tandem check`: tls=prefer (the default) is opportunistic, so a connection that ended up without TLS
/// is a warning, against a real server without TLS (the replication pair's) and one with it (the MariaDB fixture's).
/// </summary>
public sealed class CheckTlsTests
{
    [Theory]
    [InlineData(TlsMode.Prefer, "YES")]
    [InlineData(TlsMode.Prefer, "DISABLED")]
    [InlineData(TlsMode.Prefer, null)]
    public void An_unencrypted_connection_that_could_have_been_encrypted_is_a_warning(TlsMode mode, string? haveSsl)
    {
        var row = MySqlTlsCheck.Judge(mode, encrypted: false, haveSsl);

        Assert.Equal(CheckStatus.Warn, row.Status);
        Assert.StartsWith("not encrypted", row.Detail, StringComparison.Ordinal);
        Assert.Contains("tls=verify-full", row.Fix, StringComparison.Ordinal);
        if (haveSsl == "YES")
            Assert.Contains("did not reach Tandem", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_asked_for_and_tls_used_pass()
    {
        Assert.Equal(CheckStatus.Pass, MySqlTlsCheck.Judge(TlsMode.Disable, encrypted: false, "YES").Status);
        Assert.Equal(CheckStatus.Pass, MySqlTlsCheck.Judge(TlsMode.Prefer, encrypted: true, "YES").Status);
        Assert.Contains("certificate checked", MySqlTlsCheck.Judge(TlsMode.VerifyFull, encrypted: true, "YES").Detail, StringComparison.Ordinal);
    }
}

[Collection(ReplicationPairCollection.Name)]
public sealed class CheckTlsWithoutTlsTests(ReplicationPairFixture pair)
{
    [Fact]
    public async Task A_server_without_tls_reached_with_the_default_prefer_is_a_warning_and_not_a_failure()
    {
        var run = await CliRun.RunAsync("check", pair.Source.Uri, "--json");

        Assert.True(run.ExitCode == 0, run.AllOutput);
        var row = run.Checks()["tls"];
        Assert.Equal("warn", row.Status);
        Assert.Contains("not encrypted: the server offers no TLS", row.Detail, StringComparison.Ordinal);
        Assert.Equal("pass", (await CliRun.RunAsync("check", pair.Source.Uri + "?tls=disable", "--json")).Checks()["tls"].Status);
    }
}

[Collection(MariaDbCollection.Name)]
public sealed class CheckTlsWithTlsTests(MariaDbFixture db)
{
    [Fact]
    public async Task A_server_with_tls_reached_with_the_default_prefer_passes_as_encrypted()
    {
        var run = await CliRun.RunAsync("check", db.Server.Uri, "--json");

        Assert.True(run.ExitCode == 0, run.AllOutput);
        var row = run.Checks()["tls"];
        Assert.Equal("pass", row.Status);
        Assert.Contains("encrypted, the server's certificate not checked (tls=prefer)", row.Detail, StringComparison.Ordinal);
    }
}
