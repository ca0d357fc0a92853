using System.Globalization;
using System.Text;
using Tandem.Core.Uris;

namespace Tandem.MySql.Protocol;

/// <summary>
/// Everything needed to open a connection, parsed from a URI in the form of TiCDC's sink URIs:
/// <c>mysql://user:password@host:port/database?tls=require&amp;ssl-ca=/path/ca.pem</c>.
/// <see cref="ToString"/> never shows the password.
/// </summary>
public sealed record MySqlConnectionOptions
{
    public const int DefaultPort = 3306;

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = DefaultPort;

    /// <summary>Path of a Unix socket; when set, Host and Port are not used.</summary>
    public string? UnixSocket { get; init; }

    public string User { get; init; } = "root";

    public string Password { get; init; } = string.Empty;

    public string? Database { get; init; }

    public TlsMode TlsMode { get; init; } = TlsMode.Prefer;

    public string? TlsCaFile { get; init; }

    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one read may wait for the server; zero means no limit (TCP keepalive still detects dead peers).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Block the calling thread in socket reads instead of awaiting them (URI <c>io=blocking</c>). Meant for a connection
    /// that owns a dedicated thread, such as a writer worker: it saves a thread-pool hop per round trip. Cancellation
    /// still works (KILL QUERY from a second connection); the read timeout becomes the socket's receive timeout.
    /// </summary>
    public bool BlockingIo { get; init; }

    /// <summary>May the client ask the server for its RSA key over an unverified connection (caching_sha2/sha256 full auth)?</summary>
    public bool AllowPublicKeyRetrieval { get; init; }

    /// <summary>A PEM file with the server's RSA public key, used instead of asking the server for it.</summary>
    public string? ServerPublicKeyFile { get; init; }

    /// <summary>Use CLIENT_DEPRECATE_EOF when the server offers it (turned off only to test the older result-set form).</summary>
    public bool UseDeprecateEof { get; init; } = true;

    /// <summary>The largest payload accepted from the server, which bounds the memory one row may take.</summary>
    public long MaxPayloadBytes { get; init; } = 1L << 30;

    public string ApplicationName { get; init; } = "tandem";

    /// <summary>The URI without the password, safe for logs and errors.</summary>
    public string DisplayName => UnixSocket is not null ? $"mysql://{User}@localhost?socket={UnixSocket}" : $"mysql://{User}@{HostForUri}:{Port}";

    private string HostForUri => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;

    public static MySqlConnectionOptions Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith("mysql://", StringComparison.OrdinalIgnoreCase) &&
            !uri.StartsWith("mariadb://", StringComparison.OrdinalIgnoreCase) &&
            !uri.StartsWith("tidb://", StringComparison.OrdinalIgnoreCase))
        {
            throw new MySqlException(
                $"'{Redact(uri)}' is not a MySQL URI",
                "write it as mysql://user:password@host:port/?tls=prefer (mariadb:// and tidb:// are accepted too)");
        }

        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal) + 3;
        var rest = uri[schemeEnd..];
        string query = string.Empty;
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        string path = string.Empty;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            path = rest[(slash + 1)..];
            rest = rest[..slash];
        }

        // The password may itself contain '@' when not percent-encoded: the last '@' ends the user info.
        string? userInfo = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            userInfo = rest[..at];
            rest = rest[(at + 1)..];
        }

        var options = new MySqlConnectionOptions();
        if (userInfo is not null)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            options = colon >= 0
                ? options with { User = Unescape(userInfo[..colon], "user name", uri), Password = Unescape(userInfo[(colon + 1)..], "password", uri) }
                : options with { User = Unescape(userInfo, "user name", uri) };
        }

        options = ParseHostPort(rest, options, uri);
        if (path.Length > 0)
        {
            options = options with { Database = Unescape(path.TrimEnd('/'), "database", uri) };
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = (eq >= 0 ? pair[..eq] : pair).ToLowerInvariant().Replace('_', '-');
            var value = eq >= 0 ? Unescape(pair[(eq + 1)..], $"parameter '{key}'", uri) : "true";
            options = ApplyParameter(options, key, value);
        }

        return options;
    }

    /// <summary>Replaces the password in a URI-like string with "***" so it can be shown.</summary>
    public static string Redact(string text)
    {
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return text;
        }

        var start = schemeEnd + 3;
        var end = text.IndexOfAny(['/', '?'], start);
        var authority = end < 0 ? text[start..] : text[start..end];
        var at = authority.LastIndexOf('@');
        if (at < 0)
        {
            return text;
        }

        var colon = authority.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || colon > at)
        {
            return text;
        }

        return string.Concat(text.AsSpan(0, start + colon + 1), "***", text.AsSpan(start + at));
    }

    public override string ToString() => DisplayName;

    private static MySqlConnectionOptions ParseHostPort(string hostPort, MySqlConnectionOptions options, string uri)
    {
        if (hostPort.Length == 0)
        {
            return options;
        }

        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new MySqlException($"'{Redact(uri)}' has an unclosed '[' in its host", "write an IPv6 host as [::1]:3306");
            }

            host = hostPort[1..close];
            if (close + 1 < hostPort.Length && hostPort[close + 1] == ':')
            {
                port = hostPort[(close + 2)..];
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon >= 0 ? hostPort[..colon] : hostPort;
            port = colon >= 0 ? hostPort[(colon + 1)..] : null;
        }

        options = options with { Host = host.Length == 0 ? options.Host : Unescape(host, "host", uri) };
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                throw new MySqlException($"'{Redact(uri)}' has an invalid port '{port}'", "use a port between 1 and 65535");
            }

            options = options with { Port = p };
        }

        return options;
    }

    private static MySqlConnectionOptions ApplyParameter(MySqlConnectionOptions options, string key, string value) => key switch
    {
        "tls" or "ssl-mode" or "sslmode" => options with { TlsMode = ParseTlsMode(value) },
        "ssl-ca" or "ca" or "tls-ca" => options with { TlsCaFile = value },
        "ssl-cert" or "cert" or "tls-cert" => options with { TlsCertFile = value },
        "ssl-key" or "key" or "tls-key" => options with { TlsKeyFile = value },
        "socket" => options with { UnixSocket = value },
        "connect-timeout" => options with { ConnectTimeout = ParseDuration(key, value) },
        "read-timeout" => options with { ReadTimeout = ParseDuration(key, value) },
        "allow-public-key-retrieval" => options with { AllowPublicKeyRetrieval = ParseBool(key, value) },
        "server-public-key" => options with { ServerPublicKeyFile = value },
        "deprecate-eof" => options with { UseDeprecateEof = ParseBool(key, value) },
        "database" => options with { Database = value },
        "io" => options with { BlockingIo = ParseIoMode(value) },

        // Parameters of TiCDC's sink URI that concern the writer, not the connection; accepted and ignored here.
        "worker-count" or "max-txn-row" or "safe-mode" or "time-zone" or "batch-replace-enable" or "batch-replace-size" or "enable-old-value" => options,
        _ => throw new MySqlException(
            $"unknown URI parameter '{key}'",
            "known parameters: tls, ssl-ca, ssl-cert, ssl-key, socket, connect-timeout, read-timeout, allow-public-key-retrieval, server-public-key, io"),
    };

    private static TlsMode ParseTlsMode(string value) => value.ToLowerInvariant().Replace('_', '-') switch
    {
        "disable" or "disabled" or "false" or "off" or "0" => TlsMode.Disable,
        "prefer" or "preferred" => TlsMode.Prefer,
        "require" or "required" or "true" or "on" or "1" or "skip-verify" => TlsMode.Require,
        "verify-ca" => TlsMode.VerifyCa,
        "verify-full" or "verify-identity" => TlsMode.VerifyFull,
        _ => throw new MySqlException($"unknown TLS mode '{value}'", "use one of disable, prefer, require, verify-ca, verify-full"),
    };

    private static bool ParseIoMode(string value) => value.ToLowerInvariant() switch
    {
        "async" => false,
        "blocking" => true,
        _ => throw new MySqlException($"unknown io mode '{value}'", "use io=async (default) or io=blocking (for connections on dedicated threads)"),
    };

    private static bool ParseBool(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new MySqlException($"URI parameter '{key}' must be true or false, not '{value}'"),
    };

    private static TimeSpan ParseDuration(string key, string value)
    {
        var span = value.AsSpan().Trim();
        double factor = 1;
        if (span.EndsWith("ms", StringComparison.Ordinal))
        {
            factor = 0.001;
            span = span[..^2];
        }
        else if (span.EndsWith('s'))
        {
            span = span[..^1];
        }
        else if (span.EndsWith('m'))
        {
            factor = 60;
            span = span[..^1];
        }

        if (!double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            throw new MySqlException($"URI parameter '{key}' must be a duration such as 30s or 500ms, not '{value}'");
        }

        return TimeSpan.FromSeconds(n * factor);
    }

    /// <summary>Percent-decodes one part of the URI, refusing what is not valid percent-encoding rather than passing it on as written.</summary>
    private static string Unescape(string text, string part, string uri) =>
        PercentDecoding.TryDecode(text, out var error)
        ?? throw new MySqlException(
            $"the {part} in '{Redact(uri)}' is not valid percent-encoding: {error}",
            "in a URI '%' starts an escape of two hex digits (%40 is '@', %3A is ':', %2F is '/'); write a literal '%' as %25");

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(DisplayName);
        return true;
    }
}
