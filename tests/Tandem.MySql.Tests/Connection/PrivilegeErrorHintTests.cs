using Tandem.MySql.Protocol;

namespace Tandem.MySql.Tests.Connection;

/// <summary>Privilege errors say which privilege is missing and the GRANT that fixes it.</summary>
public sealed class PrivilegeErrorHintTests
{
    [Theory]
    [InlineData("INSERT command denied to user 'tandem'@'10.0.0.%' for table `shop`.`orders`", "GRANT INSERT ON `shop`.`orders` TO 'tandem'@'10.0.0.%';")]
    [InlineData("DROP command denied to user 'tandem'@'localhost' for table 'orders'", "GRANT DROP ON `orders` TO 'tandem'@'localhost';")]
    [InlineData("SELECT command denied to user 'ro'@'%' for table `tandem_meta`.`checkpoint`", "GRANT SELECT ON `tandem_meta`.`checkpoint` TO 'ro'@'%';")]
    public void A_table_privilege_error_names_the_privilege_and_the_grant(string message, string grant)
    {
        var error = new MySqlServerException(1142, "42000", message);

        Assert.Contains(grant, error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_privilege_error_gives_the_grant_on_that_database()
    {
        var error = new MySqlServerException(1044, "42000", "Access denied for user 'tandem'@'%' to database 'tandem_meta'");

        Assert.Contains("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX ON `tandem_meta`.* TO 'tandem'@'%';", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_global_privilege_error_names_the_privileges_the_server_wants()
    {
        var error = new MySqlServerException(1227, "42000", "Access denied; you need (at least one of) the SUPER, BINLOG ADMIN privilege(s) for this operation");

        Assert.Contains("lacks SUPER or BINLOG ADMIN", error.Hint, StringComparison.Ordinal);
        Assert.Contains("GRANT BINLOG ADMIN ON *.*", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_in_another_form_still_gets_the_general_hint()
    {
        Assert.Contains("tandem check", new MySqlServerException(1142, "42000", "denied").Hint, StringComparison.Ordinal);
    }
}
