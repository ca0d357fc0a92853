using Tandem.MySql.Protocol;

namespace Tandem.Cli.Check;

/// <summary>Recognises the URI schemes Tandem can check and redacts URIs for display.</summary>
internal static class ServerUri
{
    public static ServerKind KindOf(string uri)
    {
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? string.Empty : uri[..schemeEnd].ToLowerInvariant();
        return scheme switch
        {
            "mysql" or "mariadb" or "tidb" => ServerKind.MySqlFamily,
            "postgres" or "postgresql" => ServerKind.Postgres,
            _ => throw new CliUsageException(
                $"'{Redact(uri)}' is not a URI Tandem can check",
                "use mysql://user:password@host:3306 (or mariadb://, tidb://) or postgres://user:password@host:5432/database"),
        };
    }

    /// <summary>The URI with its password replaced by ***, safe to print.</summary>
    public static string Redact(string uri) => MySqlConnectionOptions.Redact(uri);
}
