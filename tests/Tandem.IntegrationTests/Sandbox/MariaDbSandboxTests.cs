using System.Diagnostics;
using Tandem.IntegrationTests.Fixtures;

namespace Tandem.IntegrationTests.Sandbox;

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbSandboxTests(MariaDbFixture fixture)
{
    [Fact]
    public async Task Server_logs_full_row_images_with_strict_gtids_and_no_row_metadata()
    {
        var row = await fixture.Server.ExecuteSqlAsync(
            "SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@binlog_checksum, @@gtid_strict_mode, @@binlog_row_metadata",
            CancellationToken.None);

        Assert.Equal("1\tROW\tFULL\tCRC32\t1\tNO_LOG", row.Trim());
    }

    [Fact]
    public async Task Server_keeps_temporary_files_in_its_own_directory_not_in_shared_tmp()
    {
        // Servers sharing a tmpdir delete each other's #sql temporary tables when one of them starts.
        var tmpdir = await fixture.Server.ExecuteSqlAsync("SELECT @@tmpdir", CancellationToken.None);

        Assert.Equal(fixture.Server.TemporaryDirectory, tmpdir.Trim());
        Assert.StartsWith(fixture.Server.ServerDirectory, fixture.Server.TemporaryDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_has_tls_enabled()
    {
        var row = await fixture.Server.ExecuteSqlAsync("SHOW VARIABLES LIKE 'have_ssl'", CancellationToken.None);

        Assert.Equal("have_ssl\tYES", row.Trim());
        Assert.True(File.Exists(fixture.Server.ClientCertificatePath));
        Assert.True(File.Exists(fixture.Server.ClientKeyPath));
    }

    [Fact]
    public async Task Root_connects_over_tcp_without_a_password()
    {
        var output = await RunClientAsync("-e", "select 1");

        Assert.Equal("1", output.Trim());
    }

    [Fact]
    public async Task Tls_client_verifies_the_server_certificate_against_the_sandbox_ca()
    {
        var output = await RunClientAsync(
            "--ssl", $"--ssl-ca={fixture.Server.CaCertificatePath}", "--ssl-verify-server-cert",
            $"--ssl-cert={fixture.Server.ClientCertificatePath}", $"--ssl-key={fixture.Server.ClientKeyPath}",
            "-e", "SHOW STATUS LIKE 'Ssl_version'");

        Assert.StartsWith("Ssl_version\tTLSv1.", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_created_database_is_new_and_unique()
    {
        var first = await fixture.CreateDatabaseAsync("sandbox");
        var second = await fixture.CreateDatabaseAsync("sandbox");

        Assert.NotEqual(first, second);
        var found = await fixture.Server.ExecuteSqlAsync(
            $"SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name IN ('{first}', '{second}')",
            CancellationToken.None);
        Assert.Equal("2", found.Trim());
    }

    [Fact]
    public async Task Failed_sql_throws_with_the_server_message()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => fixture.Server.ExecuteSqlAsync("SELECT * FROM no_such_db.no_such_table", CancellationToken.None));

        Assert.Contains("no_such_db", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> RunClientAsync(params string[] extra)
    {
        var info = new ProcessStartInfo("mariadb")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--no-defaults", "--batch", "--skip-column-names", "-h", fixture.Server.Host, "-P", fixture.Server.Port.ToString(), "-u", "root" }.Concat(extra))
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"mariadb failed: {await stderr}");
        return await stdout;
    }
}
