using Npgsql;

namespace Tandem.Cli.Check;

/// <summary>Turns postgres://user:password@host:port/database?sslmode=require into an Npgsql connection string.</summary>
internal static class PostgresUri
{
    public const int DefaultPort = 5432;

    public static NpgsqlConnectionStringBuilder ToConnectionString(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("postgres" or "postgresql"))
        {
            throw new CliUsageException($"'{ServerUri.Redact(uri)}' is not a PostgreSQL URI",
                "write it as postgres://user:password@host:5432/database");
        }

        RefuseInvalidEscapes(uri);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = parsed.Host.Trim('[', ']'),
            Port = parsed.IsDefaultPort || parsed.Port < 0 ? DefaultPort : parsed.Port,
            ApplicationName = "tandem",
            Timeout = 10,
        };
        if (parsed.UserInfo.Length > 0)
        {
            var colon = parsed.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? parsed.UserInfo : parsed.UserInfo[..colon]);
            if (colon >= 0)
                builder.Password = Uri.UnescapeDataString(parsed.UserInfo[(colon + 1)..]);
        }

        var database = Uri.UnescapeDataString(parsed.AbsolutePath.Trim('/'));
        // libpq connects to the database named like the user when none is given.
        builder.Database = database.Length > 0 ? database : builder.Username ?? "postgres";

        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                default:
                    throw new CliUsageException($"unknown PostgreSQL URI parameter '{key}'", "known parameters: sslmode, connect_timeout, application_name");
            }
        }

        return builder;
    }

    /// <summary>
    /// System.Uri re-escapes a stray '%' (a password written "pa%3t" would reach the server as "pa%3t" and fail as a wrong
    /// password), so the written text is checked part by part first.
    /// </summary>
    private static void RefuseInvalidEscapes(string uri)
    {
        var rest = uri[(uri.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var at = authority.LastIndexOf('@');
        var parts = new List<(string Part, string Text)>();
        if (at >= 0)
        {
            var userInfo = authority[..at];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            parts.Add(("user name", colon < 0 ? userInfo : userInfo[..colon]));
            if (colon >= 0)
                parts.Add(("password", userInfo[(colon + 1)..]));
        }

        parts.Add(("host", authority[(at + 1)..]));
        if (authorityEnd >= 0)
            parts.Add(("database or parameters", rest[authorityEnd..]));
        foreach (var (part, text) in parts)
        {
            if (Core.Uris.PercentDecoding.TryDecode(text, out var error) is null)
            {
                throw new CliUsageException(
                    $"the {part} in '{ServerUri.Redact(uri)}' is not valid percent-encoding: {error}",
                    "in a URI '%' starts an escape of two hex digits (%40 is '@', %3A is ':', %2F is '/'); write a literal '%' as %25");
            }
        }
    }
}
