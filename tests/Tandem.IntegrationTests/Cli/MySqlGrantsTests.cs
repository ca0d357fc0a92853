using Tandem.Cli.Check;

namespace Tandem.IntegrationTests.Cli;

public sealed class MySqlGrantsTests
{
    [Fact]
    public void All_privileges_on_everything_covers_every_privilege()
    {
        var grants = MySqlGrants.Parse(["GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"]);

        Assert.True(grants.HasGlobal("REPLICATION SLAVE"));
        Assert.True(grants.HasAnywhere("SHOW VIEW"));
    }

    [Fact]
    public void Database_privileges_do_not_count_as_global_ones()
    {
        var grants = MySqlGrants.Parse([
            "GRANT USAGE ON *.* TO `u`@`%` IDENTIFIED BY PASSWORD '*ABC'",
            "GRANT ALL PRIVILEGES ON `shop`.* TO `u`@`%`",
            "GRANT SELECT (a, b), UPDATE (a) ON `shop`.`t` TO `u`@`%`",
        ]);

        Assert.False(grants.HasGlobal("RELOAD"));
        Assert.True(grants.HasAnywhere("SELECT"));
        Assert.True(grants.HasAnywhere("UPDATE"));
    }

    [Fact]
    public void Renamed_mariadb_privileges_are_recognised()
    {
        var grants = MySqlGrants.Parse(["GRANT SELECT, RELOAD, BINLOG MONITOR, REPLICATION SLAVE, SHOW VIEW ON *.* TO `cdc`@`%`"]);

        Assert.True(grants.HasGlobal("REPLICATION CLIENT", "BINLOG MONITOR"));
        Assert.True(grants.HasGlobal("REPLICATION SLAVE"));
    }
}
