using System.Globalization;

namespace Tandem.Cli.Check;

/// <summary>
/// The server settings row-based capture depends on, judged from SHOW GLOBAL VARIABLES.
/// See https://mariadb.com/kb/en/replication-and-binary-log-system-variables/ and
/// https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html.
/// </summary>
internal static class MySqlBinlogChecks
{
    private const long Day = 24 * 60 * 60;

    public static IEnumerable<CheckResult> Evaluate(MySqlServerFacts facts)
    {
        yield return LogBin(facts);
        yield return Expect(facts, "binlog_format", "ROW",
            "Tandem reads row events; statement events carry no row images");
        yield return Expect(facts, "binlog_row_image", "FULL",
            "Tandem needs every column of the old and new row to match and apply changes");
        yield return ServerId(facts);
        yield return Checksum(facts);
        yield return RowMetadata(facts);
        yield return facts.IsMariaDb ? MariaDbGtid(facts) : MySqlGtid(facts);
        yield return Retention(facts);
    }

    public static CheckResult MaxAllowedPacket(MySqlServerFacts facts)
    {
        var value = facts.Variable("max_allowed_packet");
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes)
            ? CheckResult.Pass("max_allowed_packet", $"{bytes / (1024.0 * 1024.0):0.#} MiB (the largest row event or statement)")
            : CheckResult.Pass("max_allowed_packet", value ?? "unknown");
    }

    private static CheckResult LogBin(MySqlServerFacts facts)
    {
        var value = facts.Variable("log_bin");
        return IsOn(value)
            ? CheckResult.Pass("binlog", "log_bin = ON")
            : CheckResult.Fail("binlog", $"log_bin = {value ?? "unknown"}: the server writes no binary log to capture",
                "my.cnf [mysqld]: log_bin = mysql-bin (then restart the server)");
    }

    private static CheckResult Expect(MySqlServerFacts facts, string name, string expected, string why)
    {
        var value = facts.Variable(name);
        if (string.Equals(value, expected, StringComparison.OrdinalIgnoreCase))
            return CheckResult.Pass(name, $"{name} = {value}");
        return CheckResult.Fail(name, $"{name} = {value ?? "unknown"}, must be {expected}: {why}",
            $"SET GLOBAL {name} = '{expected}'; and in my.cnf [mysqld]: {name} = {expected}");
    }

    private static CheckResult ServerId(MySqlServerFacts facts)
    {
        var value = facts.Variable("server_id");
        return value is not null && value != "0"
            ? CheckResult.Pass("server_id", $"server_id = {value}")
            : CheckResult.Fail("server_id", $"server_id = {value ?? "unknown"}: a server with server_id 0 refuses binlog clients",
                "SET GLOBAL server_id = 1; and in my.cnf [mysqld]: server_id = 1 (unique in the topology)");
    }

    private static CheckResult Checksum(MySqlServerFacts facts)
    {
        var value = facts.Variable("binlog_checksum") ?? "unknown";
        return CheckResult.Pass("binlog_checksum", value.Equals("NONE", StringComparison.OrdinalIgnoreCase)
            ? "NONE (events are read without checksums)"
            : $"{value} (verified on every event)");
    }

    private static CheckResult RowMetadata(MySqlServerFacts facts)
    {
        var value = facts.Variable("binlog_row_metadata");
        if (string.Equals(value, "FULL", StringComparison.OrdinalIgnoreCase))
            return CheckResult.Pass("binlog_row_metadata", "FULL");
        // Not needed (Tandem names columns from its own schema history), so it must not raise a warning
        // that users learn to ignore; FULL only adds a cross-check.
        return CheckResult.Pass("binlog_row_metadata",
            $"{value ?? "not supported"}: Tandem tracks column names from the schema; FULL would add a cross-check (SET GLOBAL binlog_row_metadata = 'FULL')");
    }

    private static CheckResult MySqlGtid(MySqlServerFacts facts)
    {
        var mode = facts.Variable("gtid_mode");
        var consistency = facts.Variable("enforce_gtid_consistency");
        if (IsOn(mode) && IsOn(consistency))
            return CheckResult.Pass("gtid", "gtid_mode = ON, enforce_gtid_consistency = ON");
        return CheckResult.Warn("gtid",
            $"gtid_mode = {mode ?? "unknown"}, enforce_gtid_consistency = {consistency ?? "unknown"}: file/position tracking still works, but GTIDs survive failovers",
            "SET GLOBAL enforce_gtid_consistency = ON; then step gtid_mode OFF_PERMISSIVE, ON_PERMISSIVE, ON (and set both in my.cnf)");
    }

    private static CheckResult MariaDbGtid(MySqlServerFacts facts)
    {
        var strict = facts.Variable("gtid_strict_mode");
        var where = $"gtid_domain_id = {facts.Variable("gtid_domain_id") ?? "?"}, gtid_current_pos = '{facts.Variable("gtid_current_pos") ?? string.Empty}'";
        return IsOn(strict)
            ? CheckResult.Pass("gtid", $"gtid_strict_mode = ON, {where}")
            : CheckResult.Warn("gtid", $"gtid_strict_mode = {strict ?? "unknown"} (ON recommended so positions stay unambiguous), {where}",
                "SET GLOBAL gtid_strict_mode = ON; and in my.cnf [mysqld]: gtid_strict_mode = ON");
    }

    /// <summary>How long the server keeps binlogs before purging them itself; 0 when it never does.</summary>
    public static long RetentionSeconds(MySqlServerFacts facts)
    {
        long seconds = Parse(facts.Variable("binlog_expire_logs_seconds"));
        if (seconds == 0)
            seconds = (long)(ParseDouble(facts.Variable("expire_logs_days")) * Day);
        if (facts.Variable("binlog_expire_logs_auto_purge") is { } autoPurge && !IsOn(autoPurge))
            seconds = 0;
        return seconds;
    }

    private static CheckResult Retention(MySqlServerFacts facts)
    {
        var seconds = RetentionSeconds(facts);
        const string fix = "SET GLOBAL binlog_expire_logs_seconds = 604800; and in my.cnf [mysqld]: binlog_expire_logs_seconds = 604800";
        if (seconds == 0)
            return CheckResult.Pass("binlog retention", "never purged automatically (0): nothing is lost, but watch the disk");
        var text = seconds % Day == 0 ? $"{seconds / Day} day(s)" : $"{seconds / 3600.0:0.#} hour(s)";
        return seconds < Day
            ? CheckResult.Warn("binlog retention", $"{text}: a pipeline stopped longer than that cannot resume and must snapshot again", fix)
            : CheckResult.Pass("binlog retention", $"{text} ({seconds} s)");
    }

    private static bool IsOn(string? value) =>
        value is not null && (value.Equals("ON", StringComparison.OrdinalIgnoreCase) || value == "1");

    private static long Parse(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static double ParseDouble(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
