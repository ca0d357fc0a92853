using System.Globalization;

namespace Tandem.Sandbox;

/// <summary>The settings and client authentication a sandbox PostgreSQL runs with.</summary>
internal static class PostgresConfigFiles
{
    /// <summary>Included from postgresql.conf; rewritten on every start because the port may change.</summary>
    public const string SettingsFileName = "tandem.conf";

    public static string IncludeLine => $"\ninclude_if_exists '{SettingsFileName}'\n";

    public static string Settings(int port, string socketDirectory) =>
        string.Join('\n',
            "# Written by Tandem.Sandbox on every start.",
            "listen_addresses = '127.0.0.1'",
            $"port = {port.ToString(CultureInfo.InvariantCulture)}",
            $"unix_socket_directories = '{socketDirectory.Replace("'", "''", StringComparison.Ordinal)}'",
            // Logical replication (pgoutput) needs wal_level=logical, slots and senders.
            "wal_level = logical",
            "max_replication_slots = 10",
            "max_wal_senders = 10",
            // Throw-away server: durability is not worth the fsyncs.
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            // The minimum, so even small test transactions take the streamed large-transaction path
            // (https://www.postgresql.org/docs/15/runtime-config-resource.html).
            "logical_decoding_work_mem = 64kB",
            string.Empty);

    // Trust for local socket and loopback TCP, including replication connections, which pg_hba
    // matches only through the "replication" pseudo-database.
    public static string HostBasedAuthentication =>
        """
        # Written by Tandem.Sandbox: throw-away server, loopback only, no passwords.
        local   all          all                 trust
        local   replication  all                 trust
        host    all          all  127.0.0.1/32   trust
        host    replication  all  127.0.0.1/32   trust

        """;
}
