using Tandem.MySql.Protocol;

namespace Tandem.Cli.Check;

/// <summary>
/// Whether the connection `tandem check` made is encrypted, and a warning when it is not although it could have been.
/// `tls=prefer` (the default) is opportunistic: the server's TLS offer travels in the clear in its greeting, so a server
/// without TLS, or anything on the path that strips the offer, leaves the connection unencrypted without an error.
/// </summary>
internal static class MySqlTlsCheck
{
    public const string CheckName = "tls";

    /// <param name="mode">The URI's tls mode.</param>
    /// <param name="encrypted">Whether the connection runs over TLS.</param>
    /// <param name="haveSsl">The server's have_ssl (YES, DISABLED, NO), or null where the server has no such variable.</param>
    public static CheckResult Judge(TlsMode mode, bool encrypted, string? haveSsl)
    {
        if (encrypted)
        {
            return mode is TlsMode.VerifyCa or TlsMode.VerifyFull
                ? CheckResult.Pass(CheckName, $"encrypted, the server's certificate checked (tls={Name(mode)})")
                : CheckResult.Pass(CheckName, $"encrypted, the server's certificate not checked (tls={Name(mode)})");
        }

        if (mode is TlsMode.Disable)
            return CheckResult.Pass(CheckName, "not encrypted, as the URI asks (tls=disable)");

        if (string.Equals(haveSsl, "YES", StringComparison.OrdinalIgnoreCase))
        {
            return CheckResult.Warn(CheckName,
                "not encrypted although the server has TLS (have_ssl=YES): its TLS offer did not reach Tandem, so something on the path may have removed it",
                "use tls=verify-full (or tls=require) in the URI so that a connection without TLS is refused, and check what lies between Tandem and the server");
        }

        return CheckResult.Warn(CheckName,
            $"not encrypted: the server offers no TLS{(haveSsl is null ? string.Empty : $" (have_ssl={haveSsl})")}, so tls=prefer (the default) fell back to plain text; passwords are still hashed, but row data and statements cross the network readable",
            "enable TLS on the server (ssl_cert and ssl_key in its my.cnf), then use tls=verify-full or tls=require in the URI; or tls=disable to say plain text is intended");
    }

    /// <summary>The server's have_ssl, or null where it has none (MySQL 8.4 removed it).</summary>
    public static async Task<string?> HaveSslAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var reader = await connection.QueryAsync("SHOW GLOBAL VARIABLES LIKE 'have_ssl'", ct);
        return await reader.ReadAsync(ct) ? reader.GetString(1) : null;
    }

    private static string Name(TlsMode mode) => mode switch
    {
        TlsMode.Prefer => "prefer",
        TlsMode.Require => "require",
        TlsMode.VerifyCa => "verify-ca",
        TlsMode.VerifyFull => "verify-full",
        _ => "disable",
    };
}
