using System.Text.Json;
using Tandem.Sandbox;

namespace Tandem.IntegrationTests.Cli;

public sealed class CheckUsageTests
{
    [Fact]
    public async Task Unreachable_server_is_one_failed_row_without_a_stack_trace()
    {
        var port = FreePort.Next();

        var run = await CliRun.RunAsync("check", $"mysql://root:Secr3tPass@127.0.0.1:{port}", "--json");

        Assert.Equal(1, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.False(document.RootElement.GetProperty("ok").GetBoolean());
        var checks = run.Checks();
        var row = Assert.Single(checks);
        Assert.Equal("connection", row.Key);
        Assert.Equal("fail", row.Value.Status);
        Assert.DoesNotContain("\n", row.Value.Detail, StringComparison.Ordinal);
        Assert.NotNull(row.Value.Fix);
        Assert.DoesNotContain("   at ", run.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Secr3tPass", run.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_server_in_table_output_gets_a_verdict()
    {
        var port = FreePort.Next();

        var run = await CliRun.RunAsync("check", $"mysql://root@127.0.0.1:{port}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot serve as a source: 1 failure", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_scheme_is_a_usage_error_with_a_hint()
    {
        var run = await CliRun.RunAsync("check", "oracle://scott:tiger@db:1521");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("tandem: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("tiger", run.AllOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mysql://root:Secr%3tPass@127.0.0.1:3306")]
    [InlineData("postgres://postgres:Secr%3tPass@127.0.0.1:5432/app")]
    [InlineData("postgres://postgres@127.0.0.1:5432/app%G0")]
    public async Task An_invalid_percent_encoding_is_a_usage_error_that_names_the_part(string uri)
    {
        var run = await CliRun.RunAsync("check", uri);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not valid percent-encoding: a '%' at character", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("%25", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Secr", run.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_uri_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("check");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("tandem: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("check", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("playground", run.Stdout, StringComparison.Ordinal);
    }
}
