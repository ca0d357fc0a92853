using System.Globalization;
using System.Text;

namespace Tandem.Sandbox;

/// <summary>Renders the my.cnf a sandbox MariaDB starts with (--defaults-file, nothing else read).</summary>
internal static class MariaDbConfigFile
{
    public static string Render(
        LocalMariaDbOptions options,
        int port,
        string dataDirectory,
        string socketPath,
        string errorLogPath,
        string pidFilePath,
        string temporaryDirectory,
        TlsCertificates? tls)
    {
        var settings = new List<(string Name, string? Value)>
        {
            ("datadir", dataDirectory),
            ("port", port.ToString(CultureInfo.InvariantCulture)),
            ("socket", socketPath),
            ("pid-file", pidFilePath),
            ("log-error", errorLogPath),
            ("tmpdir", temporaryDirectory),
            ("bind-address", "127.0.0.1"),
            ("skip-name-resolve", null),
            ("server_id", options.ServerId.ToString(CultureInfo.InvariantCulture)),

            // What row-based change capture needs: every row change logged with full before and
            // after images, checksummed events, and GTIDs that cannot silently diverge.
            // binlog_row_metadata stays at its default (NO_LOG): Tandem must not depend on it.
            ("log_bin", Path.Combine(dataDirectory, "mariadb-bin")),
            ("binlog_format", "ROW"),
            ("binlog_row_image", "FULL"),
            ("binlog_checksum", "CRC32"),
            ("log_slave_updates", "ON"),
            ("gtid_strict_mode", "ON"),
            ("gtid_domain_id", "0"),
            ("binlog_expire_logs_seconds", "604800"),

            ("max_allowed_packet", "1G"),
            ("performance_schema", "OFF"),
            ("innodb_buffer_pool_size", options.BufferPoolBytes.ToString(CultureInfo.InvariantCulture)),
            // Throw-away servers: durability is not worth the fsyncs.
            ("innodb_flush_log_at_trx_commit", "2"),
            ("sync_binlog", "0"),
            ("character-set-server", "utf8mb4"),
            ("collation-server", "utf8mb4_general_ci"),
            ("local_infile", "ON"),
        };

        // Lets tests cover the ed25519 authentication plugin where the distribution ships it.
        if (File.Exists(Path.Combine(ServerBinaries.MariaDbPluginDirectory, "auth_ed25519.so")))
            settings.Add(("plugin-load-add", "auth_ed25519"));

        if (tls is not null)
        {
            settings.Add(("ssl_ca", tls.CaCertificatePath));
            settings.Add(("ssl_cert", tls.ServerCertificatePath));
            settings.Add(("ssl_key", tls.ServerKeyPath));
        }

        foreach (var (name, value) in options.ExtraSettings ?? new Dictionary<string, string>())
            settings.Add((name, value));

        var text = new StringBuilder();
        text.Append("# Written by Tandem.Sandbox on every start; edit LocalMariaDbOptions.ExtraSettings instead.\n");
        text.Append("[mariadbd]\n");
        foreach (var (name, value) in settings)
            text.Append(value is null ? $"{name}\n" : $"{name}={Quote(value)}\n");
        return text.ToString();
    }

    // Option files end a value at '#' and trim spaces unless the value is quoted.
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(" #\"'") >= 0 ? "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"" : value;
}
