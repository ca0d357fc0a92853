using Tandem.Sandbox;

namespace Tandem.IntegrationTests.Cli;

/// <summary>A server configured the way Tandem cannot read: statement binlog and minimal row images.</summary>
public sealed class CheckBadSourceTests : IAsyncLifetime
{
    private SandboxDirectory? _directory;
    private LocalMariaDb? _server;

    public async Task InitializeAsync()
    {
        _directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _server = await LocalMariaDb.StartAsync(_directory, new LocalMariaDbOptions
        {
            Name = "bad",
            ExtraSettings = new Dictionary<string, string> { ["binlog_format"] = "STATEMENT", ["binlog_row_image"] = "MINIMAL" },
        }, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (_directory is not null)
            await _directory.DisposeAsync();
    }

    [Fact]
    public async Task Statement_format_and_minimal_image_fail_with_a_fix()
    {
        var run = await CliRun.RunAsync("check", _server!.Uri, "--json");

        Assert.Equal(1, run.ExitCode);
        var checks = run.Checks();
        Assert.Equal("fail", checks["binlog_format"].Status);
        Assert.Contains("binlog_format = 'ROW'", checks["binlog_format"].Fix, StringComparison.Ordinal);
        Assert.Equal("fail", checks["binlog_row_image"].Status);
        Assert.Contains("binlog_row_image = 'FULL'", checks["binlog_row_image"].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_output_says_why_it_cannot_serve_as_a_source()
    {
        var run = await CliRun.RunAsync("check", _server!.Uri);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot serve as a source: 2 failures", run.Stdout, StringComparison.Ordinal);
    }
}
