namespace Tandem.IntegrationTests.Cli;

/// <summary>`tandem run` up to the task runner: the task file, the options, the status lines, the exit codes.</summary>
public sealed class RunCommandTests : IDisposable
{
    private const string Minimal = """
        name: demo
        source: mysql://root@127.0.0.1:3307
        target: mysql://root@127.0.0.1:3308
        tables: ["sbtest.*"]
        mode: full+incremental
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("tandem-run-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public async Task A_bad_task_file_is_a_usage_error_naming_file_line_and_key()
    {
        var path = Write("demo.yaml", Minimal + "\nwriter_threads: four\n");

        var run = await CliRun.RunAsync("run", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"tandem: {path}:6: key 'writer_threads': expected a positive integer, got 'four'", run.Stderr.Split('\n')[0]);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task A_source_uri_the_connection_layer_refuses_is_reported_at_its_line()
    {
        var path = Write("demo.yaml", Minimal.Replace("127.0.0.1:3307", "127.0.0.1:port", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("run", path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"tandem: {path}:2: key 'source': ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_task_file_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("run", Path.Combine(_directory, "absent.yaml"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--status-interval", "5")]
    [InlineData("--metrics-port", "70000")]
    [InlineData("--metrics-address", "example.com")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        var run = await CliRun.RunAsync("run", Write("demo.yaml", Minimal), option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Stderr, StringComparison.Ordinal);
    }

    // These two run the lead's TaskRunner stub, which returns at once (or throws on a cancelled token); once the
    // runner connects, they belong against the MariaDB fixture.
    [Fact]
    public async Task A_task_that_ends_prints_plain_status_lines_and_exits_0()
    {
        var run = await CliRun.RunAsync("run", Write("demo.yaml", Minimal), "--metrics-port", "0", "--status-interval", "100ms");

        Assert.True(run.ExitCode == 0, run.AllOutput);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(" demo starting", lines[0], StringComparison.Ordinal);
        Assert.Contains(" demo stopped ", lines[^1], StringComparison.Ordinal);
        Assert.Matches(@"tandem: metrics at http://127\.0\.0\.1:\d+/metrics", run.Stderr);
    }

    [Fact]
    public async Task Ctrl_c_is_a_clean_stop_with_exit_0_and_a_last_status_line()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var exit = await Tandem.Cli.Program.RunAsync(["run", Write("demo.yaml", Minimal)], stdout, stderr, stop.Token);

        Assert.True(exit == 0, stdout.ToString() + stderr);
        Assert.Contains(" demo stopped ", stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("interrupted", stderr.ToString(), StringComparison.Ordinal);
    }
}
