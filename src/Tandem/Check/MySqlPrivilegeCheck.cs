namespace Tandem.Cli.Check;

/// <summary>Does the connecting user hold what Tandem needs, as a source or (for TiDB) as a target?</summary>
internal static class MySqlPrivilegeCheck
{
    private static readonly string[] TargetPrivileges = ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "INDEX"];

    public static CheckResult AsSource(MySqlServerFacts facts)
    {
        if (facts.GrantsError is not null)
            return CheckResult.Warn("privileges", $"could not read SHOW GRANTS: {facts.GrantsError}");

        var grants = facts.Grants;
        // MariaDB 10.5 renamed REPLICATION CLIENT to BINLOG MONITOR (the old name is an alias, SHOW GRANTS prints the new one).
        var monitor = facts.IsMariaDb && facts.IsAtLeast(10, 5) ? "BINLOG MONITOR" : "REPLICATION CLIENT";
        var missing = new List<string>();
        if (!grants.HasAnywhere("SELECT"))
            missing.Add("SELECT");
        if (!grants.HasGlobal("RELOAD"))
            missing.Add("RELOAD");
        if (!grants.HasGlobal("REPLICATION SLAVE", "REPLICATION REPLICA"))
            missing.Add("REPLICATION SLAVE");
        if (!grants.HasGlobal("REPLICATION CLIENT", "BINLOG MONITOR"))
            missing.Add(monitor);
        if (!grants.HasAnywhere("SHOW VIEW"))
            missing.Add("SHOW VIEW");

        var needed = $"SELECT, RELOAD, REPLICATION SLAVE, {monitor}, SHOW VIEW";
        if (missing.Count == 0)
        {
            return CheckResult.Pass("privileges", grants.HasAllGlobally
                ? $"{facts.CurrentUser} has ALL PRIVILEGES ON *.*"
                : $"{facts.CurrentUser} has {needed}");
        }

        return CheckResult.Fail("privileges",
            $"{facts.CurrentUser} lacks {string.Join(", ", missing)} (Tandem needs {needed})",
            $"GRANT {string.Join(", ", missing)} ON *.* TO {facts.CurrentUser};");
    }

    /// <summary>The binlog monitor privilege as the server names it (MariaDB 10.5 renamed REPLICATION CLIENT to BINLOG MONITOR).</summary>
    public static string MonitorPrivilege(MySqlServerFacts facts) => facts.IsMariaDb && facts.IsAtLeast(10, 5) ? "BINLOG MONITOR" : "REPLICATION CLIENT";

    /// <summary>
    /// What a task's source user lacks on *.*: REPLICATION SLAVE to read the binlog (the dump), the monitor privilege
    /// for SHOW MASTER STATUS (the copy's position and an incremental start), RELOAD for the copy's brief FLUSH TABLES
    /// WITH READ LOCK. SELECT on the tables is judged per database by <see cref="MissingOnDatabases"/>.
    /// </summary>
    public static IReadOnlyList<string> MissingAsTaskSource(MySqlServerFacts facts, bool copies, bool streams)
    {
        var grants = facts.Grants;
        var missing = new List<string>();
        if (streams && !grants.HasGlobal("REPLICATION SLAVE", "REPLICATION REPLICA"))
            missing.Add("REPLICATION SLAVE");
        if (!grants.HasGlobal("REPLICATION CLIENT", "BINLOG MONITOR"))
            missing.Add(MonitorPrivilege(facts));
        if (copies && !grants.HasGlobal("RELOAD"))
            missing.Add("RELOAD");
        return missing;
    }

    /// <summary>The privileges of <paramref name="needed"/> the user lacks on some of <paramref name="databases"/>, with those databases.</summary>
    public static IReadOnlyList<(string Privilege, IReadOnlyList<string> Databases)> MissingOnDatabases(MySqlGrants grants, IEnumerable<string> databases, IEnumerable<string> needed)
    {
        var names = databases.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        return
        [
            .. needed
                .Select(privilege => (privilege, (IReadOnlyList<string>)[.. names.Where(db => !grants.HasOnDatabase(db, privilege))]))
                .Where(static m => m.Item2.Count > 0),
        ];
    }

    public static CheckResult AsTarget(MySqlServerFacts facts)
    {
        if (facts.GrantsError is not null)
            return CheckResult.Warn("privileges (as target)", $"could not read SHOW GRANTS: {facts.GrantsError}");
        var missing = TargetPrivileges.Where(p => !facts.Grants.HasAnywhere(p)).ToList();
        return missing.Count == 0
            ? CheckResult.Pass("privileges (as target)", $"{facts.CurrentUser} can create and write tables")
            : CheckResult.Fail("privileges (as target)",
                $"{facts.CurrentUser} lacks {string.Join(", ", missing)} needed to write into it",
                $"GRANT {string.Join(", ", missing)} ON *.* TO {facts.CurrentUser};");
    }
}
