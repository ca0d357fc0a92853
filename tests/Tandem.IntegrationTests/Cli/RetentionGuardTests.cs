using Tandem.Cli.Run;

namespace Tandem.IntegrationTests.Cli;

public sealed class RetentionGuardTests
{
    [Fact]
    public void Warns_once_the_lag_passes_half_the_retention_and_again_as_it_grows()
    {
        var guard = new RetentionGuard(TimeSpan.FromHours(10));
        Assert.Null(guard.Assess(TimeSpan.FromHours(4.9)));
        var warning = guard.Assess(TimeSpan.FromHours(5));
        Assert.NotNull(warning);
        Assert.Contains("5 h behind", warning, StringComparison.Ordinal);
        Assert.Contains("binlog_expire_logs_seconds", warning, StringComparison.Ordinal);
        Assert.Null(guard.Assess(TimeSpan.FromHours(5.5)));
        Assert.NotNull(guard.Assess(TimeSpan.FromHours(6)));
        Assert.Null(guard.Assess(TimeSpan.FromMinutes(1)));
        Assert.NotNull(guard.Assess(TimeSpan.FromHours(5)));
    }

    [Fact]
    public void A_source_that_never_purges_needs_no_warning()
    {
        Assert.Null(new RetentionGuard(TimeSpan.Zero).Assess(TimeSpan.FromDays(30)));
    }
}
