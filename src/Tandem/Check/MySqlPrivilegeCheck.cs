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
