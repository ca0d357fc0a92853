using Tandem.Cli.Check;

namespace Tandem.IntegrationTests.Cli;

/// <summary>
/// The check's verdicts for MySQL 8 and TiDB, from the facts those servers report: no such server can be
/// installed here, so their branches are judged from data (the reading itself is covered against MariaDB).
/// </summary>
public sealed class CheckJudgementTests
{
    private static readonly Dictionary<string, string> GoodMySql8 = new()
    {
        ["log_bin"] = "ON",
        ["binlog_format"] = "ROW",
        ["binlog_row_image"] = "FULL",
        ["server_id"] = "1",
        ["binlog_checksum"] = "CRC32",
        ["binlog_row_metadata"] = "MINIMAL",
        ["gtid_mode"] = "ON",
        ["enforce_gtid_consistency"] = "ON",
        ["binlog_expire_logs_seconds"] = "2592000",
        ["binlog_expire_logs_auto_purge"] = "ON",
        ["max_allowed_packet"] = "67108864",
    };

    private const string SourceGrants = "GRANT SELECT, RELOAD, REPLICATION SLAVE, REPLICATION CLIENT, SHOW VIEW ON *.* TO `tandem`@`%`";

    [Fact]
    public void A_well_configured_mysql_8_source_passes_every_row()
    {
        var facts = MySqlServerFacts.From("8.0.36", mariaDbHandshake: false, "tandem@%", GoodMySql8, [SourceGrants]);
        var rows = MySqlSourceChecks.JudgeSettings(facts);

        Assert.Equal(MySqlServerFacts.MySql, facts.Flavor);
        Assert.Equal("8.0.36", facts.Version);
        Assert.All(rows, row => Assert.Equal(CheckStatus.Pass, row.Status));
        Assert.Contains(rows, row => row.Name == "gtid" && row.Detail.Contains("gtid_mode = ON", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.Name == "binlog retention" && row.Detail.StartsWith("30 day(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Mysql_without_gtids_and_with_short_retention_warns_with_fixes_but_can_serve()
    {
        var variables = new Dictionary<string, string>(GoodMySql8) { ["gtid_mode"] = "OFF", ["binlog_expire_logs_seconds"] = "3600" };
        var rows = MySqlSourceChecks.JudgeSettings(MySqlServerFacts.From("8.0.36", false, "tandem@%", variables, [SourceGrants]));

        Assert.DoesNotContain(rows, row => row.Status == CheckStatus.Fail);
        var gtid = Assert.Single(rows, row => row.Name == "gtid");
        Assert.Equal(CheckStatus.Warn, gtid.Status);
        Assert.Contains("gtid_mode", gtid.Fix, StringComparison.Ordinal);
        var retention = Assert.Single(rows, row => row.Name == "binlog retention");
        Assert.Equal(CheckStatus.Warn, retention.Status);
        Assert.Contains("binlog_expire_logs_seconds", retention.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Mysql_with_auto_purge_off_keeps_binlogs_forever()
    {
        var variables = new Dictionary<string, string>(GoodMySql8) { ["binlog_expire_logs_auto_purge"] = "OFF" };
        var rows = MySqlSourceChecks.JudgeSettings(MySqlServerFacts.From("8.4.2", false, "tandem@%", variables, [SourceGrants]));
        Assert.Contains("never purged", Assert.Single(rows, row => row.Name == "binlog retention").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Mysql_privileges_name_replication_client_not_mariadbs_binlog_monitor()
    {
        var facts = MySqlServerFacts.From("8.0.36", false, "tandem@10.0.0.%", GoodMySql8, ["GRANT SELECT, RELOAD, REPLICATION SLAVE ON *.* TO `tandem`@`10.0.0.%`"]);
        var privileges = Assert.Single(MySqlSourceChecks.JudgeSettings(facts), row => row.Name == "privileges");

        Assert.Equal(CheckStatus.Fail, privileges.Status);
        Assert.Contains("REPLICATION CLIENT", privileges.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("BINLOG MONITOR", privileges.Detail, StringComparison.Ordinal);
        Assert.Equal("GRANT REPLICATION CLIENT, SHOW VIEW ON *.* TO 'tandem'@'10.0.0.%';", privileges.Fix);
    }

    [Fact]
    public void A_server_with_statement_binlogs_and_no_log_bin_fails_those_rows_with_fixes()
    {
        var variables = new Dictionary<string, string>(GoodMySql8) { ["log_bin"] = "OFF", ["binlog_format"] = "STATEMENT", ["server_id"] = "0" };
        var rows = MySqlSourceChecks.JudgeSettings(MySqlServerFacts.From("5.7.44-log", false, "root@localhost", variables, ["GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost`"]));

        var failed = rows.Where(row => row.Status == CheckStatus.Fail).ToDictionary(row => row.Name);
        Assert.Equal(["binlog", "binlog_format", "server_id"], failed.Keys.Order());
        Assert.Contains("log_bin", failed["binlog"].Fix, StringComparison.Ordinal);
        Assert.Contains("binlog_format = 'ROW'", failed["binlog_format"].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Tidb_cannot_be_a_binlog_source_and_is_judged_as_a_target()
    {
        var facts = MySqlServerFacts.From("8.0.11-TiDB-v7.5.0", false, "root@%", new Dictionary<string, string> { ["max_allowed_packet"] = "67108864" },
            ["GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION"]);
        var rows = MySqlSourceChecks.JudgeSettings(facts);

        Assert.Equal(MySqlServerFacts.TiDb, facts.Flavor);
        Assert.Equal("v7.5.0", facts.Version);
        var binlog = Assert.Single(rows, row => row.Name == "binlog");
        Assert.Equal(CheckStatus.Fail, binlog.Status);
        Assert.Contains("TiCDC", binlog.Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Pass, Assert.Single(rows, row => row.Name == "privileges (as target)").Status);
        Assert.DoesNotContain(rows, row => row.Name == "binlog_format");
    }
}
