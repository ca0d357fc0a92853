using Microsoft.Extensions.Logging;
using Tandem.MySql.Protocol;

namespace Tandem.Cli.Check;

/// <summary>
/// The precheck of a MySQL, MariaDB or TiDB server, in the spirit of TiDB DM's check-task:
/// can Tandem capture its changes from the binary log, and what to change if not.
/// </summary>
internal sealed class MySqlSourceChecks
{
    private readonly ILogger _logger;

    public MySqlSourceChecks(ILogger logger)
    {
        _logger = logger;
    }

    public async Task<ServerReport> RunAsync(string uri, CancellationToken ct)
    {
        var display = ServerUri.Redact(uri);
        MySqlConnection connection;
        MySqlConnectionOptions options;
        try
        {
            options = MySqlConnectionOptions.Parse(uri);
            display = options.DisplayName;
            _logger.LogDebug("Connecting to {Server}", display);
            connection = await MySqlConnection.OpenAsync(options, ct);
        }
        catch (MySqlException ex)
        {
            _logger.LogDebug(ex, "Could not connect to {Server}", display);
            return new ServerReport(display, "unknown", null, [CheckResult.Fail("connection", ex.Message, ex.Hint)]);
        }

        await using (connection)
        {
            try
            {
                return await RunChecksAsync(connection, display, options.TlsMode, ct);
            }
            catch (MySqlException ex)
            {
                _logger.LogDebug(ex, "Checks of {Server} failed", display);
                return new ServerReport(display, "unknown", null, [CheckResult.Fail("connection", ex.Message, ex.Hint)]);
            }
        }
    }

    private async Task<ServerReport> RunChecksAsync(MySqlConnection connection, string display, TlsMode tls, CancellationToken ct)
    {
        var facts = await MySqlServerFacts.ReadAsync(connection, ct);
        var checks = JudgeSettings(facts);
        checks.Insert(1, await GuardAsync(MySqlTlsCheck.CheckName, async () => MySqlTlsCheck.Judge(tls, connection.IsTls, await MySqlTlsCheck.HaveSslAsync(connection, ct))));
        if (!facts.IsTiDb)
        {
            checks.Add(await GuardAsync("tables without key", () => MySqlSchemaChecks.KeylessTablesAsync(connection, ct)));
            if (facts.IsMariaDb && await GuardAsync("sequences", async () => await MySqlSchemaChecks.SequencesAsync(connection, ct) ?? CheckResult.Pass("sequences", "none")) is { Status: not CheckStatus.Pass } sequences)
                checks.Add(sequences);
        }
        checks.Add(await GuardAsync(UncarriedColumns.CheckName, () => MySqlSchemaChecks.ColumnTypesAsync(connection, ct)));
        checks.Add(await GuardAsync("character sets", () => MySqlSchemaChecks.CharsetsAsync(connection, facts, ct)));
        checks.Add(MySqlBinlogChecks.MaxAllowedPacket(facts));
        return new ServerReport(display, facts.Flavor, facts.Version, checks);
    }

    /// <summary>The rows judged from the server's version, variables and grants alone, without schema queries.</summary>
    internal static List<CheckResult> JudgeSettings(MySqlServerFacts facts)
    {
        var checks = new List<CheckResult>
        {
            CheckResult.Pass("connection", $"{facts.Flavor} {facts.FullVersion} as {facts.CurrentUser}"),
        };

        if (facts.IsTiDb)
        {
            checks.Add(CheckResult.Fail("binlog",
                "TiDB speaks no binlog replication protocol, so Tandem cannot capture its changes directly; TiCDC is TiDB's change source",
                "use this TiDB as a target, or capture its changes with TiCDC"));
            checks.Add(MySqlPrivilegeCheck.AsTarget(facts));
        }
        else
        {
            checks.AddRange(MySqlBinlogChecks.Evaluate(facts));
            checks.Add(MySqlPrivilegeCheck.AsSource(facts));
        }

        return checks;
    }

    /// <summary>A schema query the user may not be allowed to run should not hide the other rows.</summary>
    private async Task<CheckResult> GuardAsync(string name, Func<Task<CheckResult>> check)
    {
        try
        {
            return await check();
        }
        catch (MySqlServerException ex)
        {
            _logger.LogDebug(ex, "Check {Check} failed", name);
            return CheckResult.Warn(name, $"could not check: {ex.ServerMessage}", ex.Hint);
        }
    }
}
