using Tandem.Sandbox.Processes;

namespace Tandem.Sandbox;

/// <summary>
/// A private CA with a server certificate for 127.0.0.1/localhost and a client certificate, made
/// with the openssl CLI so TLS tests need no certificate code of their own. Existing files are
/// reused, so a kept sandbox keeps the CA its clients already trust.
/// </summary>
internal sealed record TlsCertificates(
    string CaCertificatePath,
    string ServerCertificatePath,
    string ServerKeyPath,
    string ClientCertificatePath,
    string ClientKeyPath)
{
    private const int ValidDays = 3650;

    public static async Task<TlsCertificates> EnsureAsync(string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        string In(string name) => Path.Combine(directory, name);
        var certificates = new TlsCertificates(
            In("ca.pem"), In("server-cert.pem"), In("server-key.pem"), In("client-cert.pem"), In("client-key.pem"));
        if (File.Exists(certificates.ClientKeyPath) && File.Exists(certificates.ServerKeyPath))
            return certificates;

        var caKey = In("ca-key.pem");
        await OpenSslAsync(ct, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", $"{ValidDays}",
            "-subj", "/CN=Tandem Sandbox CA", "-keyout", caKey, "-out", certificates.CaCertificatePath);

        // Clients verifying the host name check the SAN, not the CN (RFC 6125), so both addresses
        // a test may dial are listed.
        await IssueAsync(directory, "server", "/CN=127.0.0.1",
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
            certificates.CaCertificatePath, caKey, certificates.ServerCertificatePath, certificates.ServerKeyPath, ct);
        await IssueAsync(directory, "client", "/CN=root",
            "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n",
            certificates.CaCertificatePath, caKey, certificates.ClientCertificatePath, certificates.ClientKeyPath, ct);
        return certificates;
    }

    private static async Task IssueAsync(
        string directory, string name, string subject, string extensions,
        string caCertificate, string caKey, string certificate, string key, CancellationToken ct)
    {
        var request = Path.Combine(directory, $"{name}.csr");
        var extensionFile = Path.Combine(directory, $"{name}.ext");
        await File.WriteAllTextAsync(extensionFile, extensions, ct);
        await OpenSslAsync(ct, "req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-subj", subject,
            "-keyout", key, "-out", request);
        await OpenSslAsync(ct, "x509", "-req", "-in", request, "-CA", caCertificate, "-CAkey", caKey,
            "-set_serial", $"0x{Guid.NewGuid().ToString("N")[..16]}", "-days", $"{ValidDays}", "-sha256",
            "-extfile", extensionFile, "-out", certificate);
        File.Delete(request);
        File.Delete(extensionFile);
    }

    private static Task<string> OpenSslAsync(CancellationToken ct, params string[] arguments) =>
        CommandRunner.RunCheckedAsync("openssl", arguments, ct);
}
