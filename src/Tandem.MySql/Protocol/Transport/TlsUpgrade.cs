using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Tandem.MySql.Protocol.Transport;

/// <summary>Turns the socket's stream into a TLS stream, checking the server's certificate as the TLS mode asks.</summary>
internal static class TlsUpgrade
{
    public static async Task<SslStream> AuthenticateAsync(Stream inner, MySqlConnectionOptions options, CancellationToken cancellationToken)
    {
        X509Certificate2? ca = null;
        if (options.TlsCaFile is not null)
        {
            ca = LoadCertificate(options.TlsCaFile, "ssl-ca");
        }

        var clientCertificates = new X509CertificateCollection();
        if (options.TlsCertFile is not null)
        {
            if (options.TlsKeyFile is null)
            {
                throw new MySqlConnectionException("ssl-cert is set without ssl-key", "give the client certificate's private key with ssl-key=/path/key.pem");
            }

            try
            {
                var cert = X509Certificate2.CreateFromPemFile(options.TlsCertFile, options.TlsKeyFile);

                // SslStream on Linux needs a certificate with an exportable key, not an ephemeral one.
                clientCertificates.Add(X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null));
            }
            catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException)
            {
                throw new MySqlConnectionException($"could not load the client certificate {options.TlsCertFile}: {ex.Message}", "ssl-cert and ssl-key must be PEM files", ex);
            }
        }

        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, (_, certificate, _, errors) => Validate(options, ca, certificate, errors));
        var auth = new SslClientAuthenticationOptions
        {
            TargetHost = options.UnixSocket is null ? options.Host : "localhost",
            ClientCertificates = clientCertificates,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };

        try
        {
            if (options.BlockingIo)
            {
                // Stays synchronous so the socket never turns non-blocking (see SocketConnector).
                ssl.AuthenticateAsClient(auth);
            }
            else
            {
                await ssl.AuthenticateAsClientAsync(auth, cancellationToken).ConfigureAwait(false);
            }

            return ssl;
        }
        catch (AuthenticationException ex)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new MySqlConnectionException(
                $"TLS handshake with {options.DisplayName} failed ({options.TlsMode}): {ex.Message}",
                options.TlsMode switch
                {
                    TlsMode.VerifyCa or TlsMode.VerifyFull => "the server certificate did not verify: give its CA with ssl-ca=/path/ca.pem, or use tls=require to skip verification",
                    _ => "the server's TLS setup is broken or too old (Tandem needs TLS 1.2 or later)",
                },
                ex);
        }
    }

    private static bool Validate(MySqlConnectionOptions options, X509Certificate2? ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (options.TlsMode is TlsMode.Prefer or TlsMode.Require)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        if (ca is not null)
        {
            using var customChain = new X509Chain();
            customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            customChain.ChainPolicy.CustomTrustStore.Add(ca);
            customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var cert = new X509Certificate2(certificate);
            if (!customChain.Build(cert))
            {
                return false;
            }

            errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
        }

        if (options.TlsMode == TlsMode.VerifyCa)
        {
            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        }

        return errors == SslPolicyErrors.None;
    }

    private static X509Certificate2 LoadCertificate(string path, string parameter)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new MySqlConnectionException($"could not read {parameter} file {path}: {ex.Message}", $"{parameter} must name a readable PEM certificate", ex);
        }
    }
}
