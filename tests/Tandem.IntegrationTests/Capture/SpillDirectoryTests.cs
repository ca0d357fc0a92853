using System.Diagnostics;
using System.Globalization;
using Tandem.IntegrationTests.Cli;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;
using Tandem.Sandbox;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Capture;

/// <summary>
/// A transaction larger than the spill directory's filesystem: the tandem executable tails it with a 1 MiB tmpfs as
/// its spill directory (mounted in a mount namespace of the process's own, so nothing outlives it) and fails with
/// exit 1, naming the directory, the size it needed and the settings to change, instead of exit 2 and a stack trace.
/// A spill directory others can write to is refused by tail and run before anything is read or written.
/// </summary>
[Collection(MariaDbCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SpillDirectoryTests
{
    private readonly MariaDbFixture _fixture;
    private readonly ITestOutputHelper _output;

    public SpillDirectoryTests(MariaDbFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [RootFact]
    public async Task A_full_spill_directory_is_exit_1_naming_the_directory_the_size_and_the_settings()
    {
        var database = await _fixture.CreateDatabaseAsync("spillfull");
        await using var connection = await MySqlConnection.OpenAsync($"{_fixture.Server.Uri}/{database}");
        await connection.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, b MEDIUMBLOB)");
        var start = await CaptureRun.CurrentPositionAsync(_fixture.Server.Uri);
        await connection.ExecuteAsync("INSERT INTO t SELECT seq, REPEAT('x', 1048576) FROM seq_1_to_4");

        await using var directory = SandboxDirectory.Create();
        var spill = Path.Combine(directory.Path, "spill");
        Directory.CreateDirectory(spill);
        var tandem = Path.Combine(AppContext.BaseDirectory, "tandem.dll");
        var tail = $"exec dotnet '{tandem}' tail '{_fixture.Server.Uri}' --from-file '{start.File}' --from-pos {start.Offset.ToString(CultureInfo.InvariantCulture)} "
            + $"--tables '{database}.*' --max-events 4 --memory-budget 64KiB --schema-history '{Path.Combine(directory.Path, "history")}' --spill-dir '{spill}' > /dev/null";
        var info = new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", $"mount -t tmpfs -o size=1m,mode=0700 tmpfs '{spill}' && {tail}"])
        {
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        var report = await stderr;
        _output.WriteLine(report);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"the spill directory {spill} is full", report, StringComparison.Ordinal);
        var needed = System.Text.RegularExpressions.Regex.Match(report, @"needs more than [0-9.]+ MiB \((\d+) bytes\) there");
        Assert.True(needed.Success, report);
        Assert.True(long.Parse(needed.Groups[1].Value, CultureInfo.InvariantCulture) > 1L << 20, "the size needed is more than the 1 MiB filesystem holds");
        Assert.Contains("spill_dir in the task or link file (--spill-dir for tandem tail)", report, StringComparison.Ordinal);
        Assert.Contains("memory_budget (--memory-budget for tandem tail)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spill_directory_others_can_write_to_is_refused_by_tail_and_by_run_with_exit_1()
    {
        var database = await _fixture.CreateDatabaseAsync("spillopen");
        await using var directory = SandboxDirectory.Create();
        var open = Path.Combine(directory.Path, "open");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)Convert.ToInt32("777", 8));
        var task = Path.Combine(directory.Path, "task.yaml");
        await File.WriteAllTextAsync(task, $"""
            name: spillopen
            source: {_fixture.Server.Uri}
            target: {_fixture.Server.Uri}
            tables: ["{database}.*"]
            mode: incremental
            start: {"{"}gtid: "0-1-1"{"}"}
            spill_dir: {open}
            """);

        var tail = await CliRun.RunAsync("tail", _fixture.Server.Uri, "--from-now", "--max-events", "1", "--tables", $"{database}.*",
            "--schema-history", Path.Combine(directory.Path, "history"), "--spill-dir", open);
        var run = await CliRun.RunAsync("run", task);

        foreach (var result in new[] { tail, run })
        {
            Assert.True(result.ExitCode == 1, result.AllOutput);
            Assert.Contains($"spill directory {open} is writable by its group and others (mode 0777", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("chmod 0700", result.Stderr, StringComparison.Ordinal);
        }

        Assert.Contains("--spill-dir", tail.Stderr, StringComparison.Ordinal);
        Assert.Contains("spill_dir", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(open));
    }
}
