using Tandem.IntegrationTests.Cli;
using Tandem.IntegrationTests.Fixtures;

namespace Tandem.IntegrationTests.Replication;

/// <summary>`tandem run` end to end in-process: a `mode: full` task copies, prints its status lines and exits 0.</summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class RunCommandCopyTests(ReplicationPairFixture pair)
{
    [Fact]
    public async Task A_full_copy_task_prints_status_lines_and_exits_0_when_the_copy_is_done()
    {
        var database = DatabaseNames.Unique("runfull");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY, v VARCHAR(10)); USE `{database}`; INSERT INTO t SELECT seq, CONCAT('v', seq) FROM seq_1_to_5000", CancellationToken.None);
        var file = TestTasks.WriteFile(pair, database);
        File.WriteAllText(file, File.ReadAllText(file).Replace("mode: full+incremental", "mode: full", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("run", file, "--status-interval", "100ms");

        Assert.True(run.ExitCode == 0, run.AllOutput);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith($" {database} starting", lines[0], StringComparison.Ordinal);
        Assert.Contains($" {database} stopped ", lines[^1], StringComparison.Ordinal);
        Assert.Contains("copied_rows=5000", lines[^1], StringComparison.Ordinal);
        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
    }
}
