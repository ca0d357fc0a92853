using System.Diagnostics;
using System.Globalization;
using Tandem.IntegrationTests.Fixtures;
using Tandem.Sandbox;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// The target crashes (kill -9 of its mariadbd) under a running task and write load, and comes back on the same port and
/// data directory a few seconds or a quarter of a minute later: the task waits for it, says so on its status line, and
/// converges to the source's data without a restart. An error the target will not get over fails the task with one
/// message and its hint. Each test has a target of its own; the source is the pair's.
/// </summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class TargetRestartTests(ReplicationPairFixture pair, ITestOutputHelper output)
{
    private const int Tables = 4;
    private const int TableSize = 5_000;

    [Theory]
    [InlineData(3)]
    [InlineData(15)]
    public async Task A_task_under_load_waits_for_its_killed_target_and_converges_once_it_is_back(int downSeconds)
    {
        await using var directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await using var target = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "crashing", ServerId = 3 }, timeout.Token);
        var database = DatabaseNames.Unique("trestart");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`", CancellationToken.None);
        await SysbenchLoad.PrepareAsync(pair.Source.Port, database, Tables, TableSize);
        var file = TaskFile(database, target.Uri);

        using var stopLoad = new CancellationTokenSource();
        var load = SysbenchLoad.WriteUntilStoppedAsync(pair.Source.Port, database, Tables, TableSize, rate: 200, stopLoad.Token);
        using var tandem = TandemProcess.Run(file);
        try
        {
            // Streaming under load: the writers are busy when the target dies.
            Assert.True(await Eventually.TrueWithinAsync(() => StatusLines.AppliedTransactions(tandem.Output, database) > 200 || tandem.HasExited, TimeSpan.FromMinutes(3)), tandem.Output);
            Assert.False(tandem.HasExited, tandem.Output);

            await target.KillAsync();
            var down = Stopwatch.StartNew();
            Assert.True(
                await Eventually.TrueWithinAsync(() => StatusLines.SaidWaitingForTarget(tandem.Output, database) || tandem.HasExited, TimeSpan.FromSeconds(downSeconds + 30)),
                tandem.Output);
            Assert.False(tandem.HasExited, tandem.Output);

            // A DDL while the target is away: the capture records it in the target's schema history (and waits to), then
            // the sink applies it alone once the writers drained.
            await pair.Source.ExecuteSqlAsync($"ALTER TABLE `{database}`.sbtest1 ADD COLUMN note VARCHAR(20) NULL", CancellationToken.None);

            // The outage lasts as long as the case says, whatever the waiting above took.
            var rest = TimeSpan.FromSeconds(downSeconds) - down.Elapsed;
            if (rest > TimeSpan.Zero)
                await Task.Delay(rest);
            Assert.False(tandem.HasExited, tandem.Output);
            await target.StartAgainAsync(timeout.Token);
            output.WriteLine($"the target was down for {down.Elapsed.TotalSeconds:0.0} s");

            // It applies again under load, then catches up with everything once the load stops.
            var before = StatusLines.AppliedTransactions(tandem.Output, database);
            Assert.True(await Eventually.TrueWithinAsync(() => StatusLines.AppliedTransactions(tandem.Output, database) > before + 200 || tandem.HasExited, TimeSpan.FromMinutes(3)), tandem.Output);
            await stopLoad.CancelAsync();
            await load;
            await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, target.Uri, database, tandem.WaitForExitAsync(), TimeSpan.FromMinutes(3));
            await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, target.Uri, database);

            Assert.Contains($"waiting for target {target.Uri}", tandem.Output, StringComparison.Ordinal);
            Assert.Contains($"target {target.Uri} answers again", tandem.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", tandem.Output, StringComparison.Ordinal);
            Assert.Equal(0, await tandem.StopAsync(TimeSpan.FromMinutes(1)));
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
            output.WriteLine(tandem.Output.Length > 30_000 ? tandem.Output[^30_000..] : tandem.Output);
        }
    }

    [Fact]
    public async Task A_large_transaction_applied_alone_survives_a_target_crash_in_its_middle()
    {
        await using var directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await using var target = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "crashing", ServerId = 5 }, timeout.Token);
        var database = DatabaseNames.Unique("tbarrier");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY, pad VARCHAR(255) NOT NULL)", CancellationToken.None);

        // A small memory budget makes the transaction a barrier, applied alone on the sink's own connection in one target
        // transaction of several statements.
        var file = TaskFile(database, target.Uri);
        File.AppendAllText(file, "memory_budget: 32MiB\nbatch_rows: 10000\n");
        using var tandem = TandemProcess.Run(file);
        try
        {
            Assert.True(await Eventually.TrueWithinAsync(() => tandem.Output.Contains($" {database} streaming ", StringComparison.Ordinal) || tandem.HasExited, TimeSpan.FromMinutes(2)), tandem.Output);
            await pair.Source.ExecuteSqlAsync($"USE `{database}`; INSERT INTO t SELECT seq, REPEAT('x', 250) FROM seq_1_to_100000", CancellationToken.None);

            // Its first statements are in, uncommitted: the crash rolls them back, and the barrier must apply it all again.
            await using (var watch = await MySql.Protocol.MySqlConnection.OpenAsync(target.Uri))
            {
                await watch.ExecuteAsync("SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED");
                Assert.True(await WaitAsync(async () => Convert.ToInt64(await watch.QueryScalarAsync($"SELECT COUNT(*) FROM `{database}`.t"), CultureInfo.InvariantCulture) > 0, TimeSpan.FromMinutes(2)), tandem.Output);
            }

            await target.KillAsync();
            Assert.True(await Eventually.TrueWithinAsync(() => tandem.Output.Contains($"waiting for target {target.Uri}", StringComparison.Ordinal) || tandem.HasExited, TimeSpan.FromSeconds(30)), tandem.Output);
            Assert.False(tandem.HasExited, tandem.Output);
            await target.StartAgainAsync(timeout.Token);

            await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, target.Uri, database, tandem.WaitForExitAsync(), TimeSpan.FromMinutes(3));
            await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, target.Uri, database);
            Assert.DoesNotContain("   at ", tandem.Output, StringComparison.Ordinal);
            Assert.Equal(0, await tandem.StopAsync(TimeSpan.FromMinutes(1)));
        }
        finally
        {
            output.WriteLine(tandem.Output);
        }
    }

    [Fact]
    public async Task A_value_the_target_refuses_fails_the_task_with_one_message_and_its_hint()
    {
        await using var directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var target = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "refusing", ServerId = 4 }, timeout.Token);
        var database = DatabaseNames.Unique("trefuse");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY, v INT)", CancellationToken.None);

        // The target's column is narrower than the source's: strict mode refuses the value, and no retry changes that.
        await target.ExecuteSqlAsync($"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY, v TINYINT)", CancellationToken.None);
        var file = TaskFile(database, target.Uri);
        File.WriteAllText(file, File.ReadAllText(file).Replace("mode: full+incremental", "mode: incremental", StringComparison.Ordinal));
        using var tandem = TandemProcess.Run(file);
        try
        {
            Assert.True(await Eventually.TrueWithinAsync(() => tandem.Output.Contains($" {database} streaming ", StringComparison.Ordinal) || tandem.HasExited, TimeSpan.FromMinutes(2)), tandem.Output);
            await pair.Source.ExecuteSqlAsync($"INSERT INTO `{database}`.t VALUES (1, 1), (2, 1000)", CancellationToken.None);

            using var exit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await tandem.WaitForExitAsync().WaitAsync(exit.Token);
            var lines = tandem.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var errors = lines.Where(static l => l.StartsWith("tandem: ", StringComparison.Ordinal)).ToList();
            Assert.Single(errors);
            Assert.Contains($"applying to {database}.t ", errors[0], StringComparison.Ordinal);
            Assert.Contains("1264", errors[0], StringComparison.Ordinal);
            Assert.Contains("hint: the target column cannot hold the source's value", tandem.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", tandem.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", tandem.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("waiting for target", tandem.Output, StringComparison.Ordinal);
            Assert.Contains($" {database} failed ", tandem.Output, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(tandem.Output);
        }
    }

    private string TaskFile(string database, string targetUri)
    {
        var file = TestTasks.WriteFile(pair, database);
        File.WriteAllText(file, File.ReadAllText(file).Replace($"target: {pair.Target.Uri}", $"target: {targetUri}", StringComparison.Ordinal));
        return file;
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(20);
        }

        return true;
    }
}
