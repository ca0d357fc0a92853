using Microsoft.Extensions.Logging;
using Npgsql;

namespace Tandem.Cli.Check;

/// <summary>
/// The precheck of a PostgreSQL server for logical decoding (pgoutput):
/// https://www.postgresql.org/docs/current/logical-replication-config.html.
/// </summary>
internal sealed class PostgresSourceChecks
{
    private readonly ILogger _logger;

    public PostgresSourceChecks(ILogger logger)
    {
        _logger = logger;
    }

    public async Task<ServerReport> RunAsync(string uri, CancellationToken ct)
    {
        var display = ServerUri.Redact(uri);
        var builder = PostgresUri.ToConnectionString(uri);
        try
        {
            _logger.LogDebug("Connecting to {Server}", display);
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            return await RunChecksAsync(connection, display, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or PostgresException or TimeoutException)
        {
            _logger.LogDebug(ex, "Could not check {Server}", display);
            var hint = ex is PostgresException { SqlState: "28P01" or "28000" }
                ? "check the user and password in the URI and pg_hba.conf"
                : "is PostgreSQL running and listening on that host and port?";
            // Npgsql's messages name host and user but never the password.
            return new ServerReport(display, "PostgreSQL", null,
                [CheckResult.Fail("connection", $"cannot connect to {display}: {ex.Message}", hint)]);
        }
    }

    private static async Task<ServerReport> RunChecksAsync(NpgsqlConnection connection, string display, CancellationToken ct)
    {
        var version = await ScalarAsync(connection, "SHOW server_version", ct);
        var user = await ScalarAsync(connection, "SELECT current_user", ct);
        var checks = new List<CheckResult>
        {
            CheckResult.Pass("connection", $"PostgreSQL {version} as {user}, database {connection.Database}"),
        };

        var walLevel = await ScalarAsync(connection, "SHOW wal_level", ct);
        checks.Add(walLevel == "logical"
            ? CheckResult.Pass("wal_level", "wal_level = logical")
            : CheckResult.Fail("wal_level", $"wal_level = {walLevel}, must be logical for logical decoding",
                "ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL"));

        foreach (var setting in new[] { "max_replication_slots", "max_wal_senders" })
        {
            var value = await ScalarAsync(connection, $"SHOW {setting}", ct);
            checks.Add(int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
                ? CheckResult.Pass(setting, $"{setting} = {value}")
                : CheckResult.Fail(setting, $"{setting} = {value}: Tandem needs one replication slot and one WAL sender",
                    $"ALTER SYSTEM SET {setting} = 10; then restart PostgreSQL"));
        }

        checks.Add(await RoleAsync(connection, user, ct));
        checks.Add(await KeylessTablesAsync(connection, ct));
        return new ServerReport(display, "PostgreSQL", version, checks);
    }

    private static async Task<CheckResult> RoleAsync(NpgsqlConnection connection, string user, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT rolreplication, rolsuper FROM pg_roles WHERE rolname = current_user", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var replication = false;
        var super = false;
        if (await reader.ReadAsync(ct))
        {
            replication = reader.GetBoolean(0);
            super = reader.GetBoolean(1);
        }

        if (super)
            return CheckResult.Pass("replication role", $"{user} is a superuser");
        return replication
            ? CheckResult.Pass("replication role", $"{user} has REPLICATION")
            : CheckResult.Fail("replication role", $"{user} has neither REPLICATION nor superuser, so it cannot open a replication slot",
                $"ALTER ROLE \"{user}\" WITH REPLICATION;");
    }

    private static async Task<CheckResult> KeylessTablesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // Tables whose replica identity is FULL or a chosen index already log what Tandem needs.
        const string sql = """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
              AND c.relreplident NOT IN ('f', 'i')
              AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)
            ORDER BY 1, 2
            """;
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand(sql, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                tables.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
        }

        if (tables.Count == 0)
            return CheckResult.Pass("tables without key", $"every table in {connection.Database} has a primary key or a replica identity");
        var more = tables.Count > MySqlSchemaChecks.ListLimit ? $", and {tables.Count - MySqlSchemaChecks.ListLimit} more" : string.Empty;
        return CheckResult.Warn("tables without key",
            $"{tables.Count} table(s) in {connection.Database} have no primary key, so updates and deletes are not logged with a key: {string.Join(", ", tables.Take(MySqlSchemaChecks.ListLimit))}{more}",
            $"ALTER TABLE {tables[0]} REPLICA IDENTITY FULL; or add a primary key");
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
