using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Client;

[Collection(MariaDbCollection.Name)]
public sealed class TlsTests(MariaDbFixture db)
{
    [Fact]
    public async Task Require_encrypts_the_session()
    {
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/?tls=require");
        Assert.True(connection.IsTls);
        var cipher = await connection.QueryScalarAsync("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
        Assert.Equal("Ssl_cipher", cipher);
        await using var reader = await connection.QueryAsync("SHOW SESSION STATUS LIKE 'Ssl_version'");
        Assert.True(await reader.ReadAsync());
        Assert.StartsWith("TLSv1.", reader.GetString(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disable_keeps_the_session_in_clear()
    {
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/?tls=disable");
        Assert.False(connection.IsTls);
    }

    [Fact]
    public async Task Verify_ca_accepts_the_certificate_signed_by_the_given_ca()
    {
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/?tls=verify-ca&ssl-ca={Escape(db.Server.CaCertificatePath!)}");
        Assert.True(connection.IsTls);
        Assert.Equal(1L, await connection.QueryScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task Verify_full_accepts_a_certificate_naming_the_host()
    {
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/?tls=verify-full&ssl-ca={Escape(db.Server.CaCertificatePath!)}");
        Assert.True(connection.IsTls);
    }

    [Fact]
    public async Task Verify_ca_refuses_a_server_whose_certificate_another_ca_signed()
    {
        // The server certificate itself is not a CA, so nothing the server presents chains to it.
        var ex = await Assert.ThrowsAsync<MySqlConnectionException>(() =>
            MySqlConnection.OpenAsync($"{db.Server.Uri}/?tls=verify-ca&ssl-ca={Escape(db.Server.ClientCertificatePath!)}"));
        Assert.Contains("TLS handshake", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ssl-ca", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_certificate_satisfies_a_user_that_requires_x509()
    {
        var user = DatabaseNames.Unique("x509");
        await db.Server.ExecuteSqlAsync($"CREATE USER '{user}'@'%' REQUIRE X509; GRANT SELECT ON *.* TO '{user}'@'%';", CancellationToken.None);
        var baseUri = $"mysql://{user}@127.0.0.1:{db.Server.Port}/?tls=verify-ca&ssl-ca={Escape(db.Server.CaCertificatePath!)}";

        await Assert.ThrowsAsync<MySqlServerException>(() => MySqlConnection.OpenAsync(baseUri));
        await using var connection = await MySqlConnection.OpenAsync($"{baseUri}&ssl-cert={Escape(db.Server.ClientCertificatePath!)}&ssl-key={Escape(db.Server.ClientKeyPath!)}");
        Assert.True(connection.IsTls);
    }

    private static string Escape(string path) => Uri.EscapeDataString(path);
}
