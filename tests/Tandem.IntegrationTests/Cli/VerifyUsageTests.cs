namespace Tandem.IntegrationTests.Cli;

/// <summary>`tandem verify` options that cannot work are usage errors (exit 2) saying what to give instead, before any connection.</summary>
public sealed class VerifyUsageTests
{
    private const string Servers = "--source mysql://root@127.0.0.1:1 --target mysql://root@127.0.0.1:2";

    [Theory]
    [InlineData("--target mysql://root@127.0.0.1:2 --tables db.*", "--source is missing")]
    [InlineData("--source mysql://root@127.0.0.1:1 --tables db.*", "--target is missing")]
    [InlineData(Servers, "--tables is missing")]
    [InlineData(Servers + " --tables db.* --consistent", "--consistent needs --task")]
    [InlineData(Servers + " --tables db.* --since 2026-11-20", "time-slice mode needs --since, --until and --time-column together")]
    [InlineData(Servers + " --tables db.* --since 2026-11-21 --until 2026-11-20 --time-column t", "--until 2026-11-20 is not after --since 2026-11-21")]
    [InlineData(Servers + " --tables db.* --since yesterday --until 2026-11-20 --time-column t", "--since 'yesterday' is not a time")]
    [InlineData(Servers + " --tables db.* --threads 0", "--threads must be a positive number, not 0")]
    [InlineData(Servers + " --tables db.* --chunk-time soon", "--chunk-time 'soon' is not a duration")]
    [InlineData("--source postgresql://u@127.0.0.1:1/db --target mysql://root@127.0.0.1:2 --tables db.*", "compares MySQL-family servers")]
    public async Task An_unusable_option_is_a_usage_error(string arguments, string message)
    {
        var run = await CliRun.RunAsync(["verify", .. arguments.Split(' ')]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }
}
