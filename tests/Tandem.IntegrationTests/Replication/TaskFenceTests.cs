using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;
using Tandem.Cli.Run;
using Tandem.Core.Errors;
using Tandem.Core.Replication;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// The fence a verifier uses to hold a running task at a source position: under sysbench load the target, held at the
/// position of a source snapshot, has exactly that snapshot's data; an idle source still reaches the hold; without a
/// runner the pause fails clearly; an unreleased fence expires and the task resumes; a stop while held is clean.
/// </summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class TaskFenceTests(ReplicationPairFixture pair, ITestOutputHelper output)
{
    private const int Tables = 4;
    private const int TableSize = 10_000;
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    private MySqlConnectionOptions Target => MySqlConnectionOptions.Parse(pair.Target.Uri);

    [Fact]
    public async Task Under_load_the_held_target_matches_the_source_snapshot_it_was_advanced_to()
    {
        var database = DatabaseNames.Unique("fence");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`", CancellationToken.None);
        await SysbenchLoad.PrepareAsync(pair.Source.Port, database, Tables, TableSize);
        var task = TestTasks.For(pair, database);
        using var stopLoad = new CancellationTokenSource();
        var load = SysbenchLoad.WriteUntilStoppedAsync(pair.Source.Port, database, Tables, TableSize, rate: 300, stopLoad.Token);
        using var stop = new CancellationTokenSource();
        var metrics = new ReplicationMetrics(task.Name);
        var running = new TaskRunner(task, metrics, new TestOutputLogger(output, "task")).RunAsync(stop.Token);
        Assert.True(await Eventually.TrueWithinAsync(() => metrics.RowsApplied > 2_000 || running.IsCompleted, TimeSpan.FromMinutes(2)), "the stream applied nothing");
        Assert.False(running.IsCompleted, "the task ended by itself");

        var tables = await TableComparison.TablesAsync(pair.Source.Uri, database);
        Assert.Equal(Tables, tables.Count);
        await using var sourceSnapshot = await MySqlConnection.OpenAsync(pair.Source.Uri);
        await using var targetSnapshot = await MySqlConnection.OpenAsync(pair.Target.Uri);
        var timer = Stopwatch.StartNew();
        BinlogPosition sourceAt;
        BinlogPosition? pausedAt, applied;
        await using (var fence = await TaskFence.PauseAsync(Target, task.Name, AnswerTimeout, CancellationToken.None))
        {
            var paused = timer.Elapsed;
            pausedAt = fence.PausedAt;
            await sourceSnapshot.ExecuteAsync("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            sourceAt = await SnapshotPositionAsync(sourceSnapshot);
            applied = await fence.AdvanceAsync(sourceAt, AnswerTimeout, CancellationToken.None);
            var held = timer.Elapsed;
            await targetSnapshot.ExecuteAsync("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            await fence.ReleaseAsync(CancellationToken.None);
            output.WriteLine($"paused at {pausedAt} in {paused.TotalMilliseconds:0} ms; source snapshot at {sourceAt}; held at {applied} {held.TotalMilliseconds:0} ms after the request; released after {timer.Elapsed.TotalMilliseconds:0} ms");
        }

        Assert.NotNull(pausedAt);
        Assert.NotNull(applied);
        Assert.True(FilePosition(pausedAt) <= FilePosition(applied), $"held at {applied}, before the pause at {pausedAt}");
        Assert.True(FilePosition(applied) <= FilePosition(sourceAt), $"held at {applied}, past the source snapshot at {sourceAt}");
        await using (var source = await MySqlConnection.OpenAsync(pair.Source.Uri))
        {
            var now = await SourceStatus.CurrentPositionAsync(source, CancellationToken.None);
            Assert.True(FilePosition(now) > FilePosition(sourceAt), "the load wrote nothing while the fence held, so the hold proves nothing");
        }

        foreach (var table in tables)
        {
            var expected = await AggregateAsync(sourceSnapshot, database, table);
            var actual = await AggregateAsync(targetSnapshot, database, table);
            output.WriteLine($"{table}: source {expected}, target {actual}");
            Assert.Equal(expected, actual);
        }

        await stopLoad.CancelAsync();
        await load;
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);
        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task On_an_idle_source_an_advance_past_the_last_transaction_is_held_through_the_heartbeat()
    {
        var (database, task, stop, running) = await StartSmallTaskAsync("fidle");
        await using var source = await MySqlConnection.OpenAsync(pair.Source.Uri);
        await using (var fence = await TaskFence.PauseAsync(Target, task, AnswerTimeout, CancellationToken.None))
        {
            // After a rotation the binlog ends in events that are no transaction: only the source's heartbeat tells the
            // runner that it has read that far.
            await source.ExecuteAsync("FLUSH BINARY LOGS");
            var end = await SourceStatus.CurrentPositionAsync(source, CancellationToken.None);
            var timer = Stopwatch.StartNew();
            var applied = await fence.AdvanceAsync(end, TimeSpan.FromSeconds(15), CancellationToken.None);
            output.WriteLine($"advanced to {end}: held at {applied} after {timer.ElapsedMilliseconds} ms");
            Assert.NotNull(applied);
            Assert.True(FilePosition(applied) < FilePosition(end), $"held at {applied}: no transaction ends at or after {end}");
            await fence.ReleaseAsync(CancellationToken.None);
        }

        await source.ExecuteAsync($"INSERT INTO `{database}`.t VALUES (100, 'after the fence')");
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task, running);
        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
        await stop.CancelAsync();
        await running;
        stop.Dispose();
    }

    [Fact]
    public async Task Without_a_runner_a_pause_times_out_naming_the_task_and_the_target_and_leaves_no_row()
    {
        await using (var target = await MySqlConnection.OpenAsync(pair.Target.Uri))
            await TaskStateStore.EnsureSchemaAsync(target, CancellationToken.None);
        var task = DatabaseNames.Unique("nobody");

        var timer = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TandemException>(() => TaskFence.PauseAsync(Target, task, TimeSpan.FromSeconds(1), CancellationToken.None));

        output.WriteLine($"{error.Message} ({error.Hint}) after {timer.ElapsedMilliseconds} ms");
        Assert.Contains($"task '{task}' did not answer", error.Message, StringComparison.Ordinal);
        Assert.Contains(Target.DisplayName, error.Message, StringComparison.Ordinal);
        Assert.Contains("is `tandem run` running", error.Message, StringComparison.Ordinal);
        Assert.Contains("tandem run", error.Hint, StringComparison.Ordinal);
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(10), $"the pause gave up after {timer.Elapsed}");
        await using var check = await MySqlConnection.OpenAsync(pair.Target.Uri);
        Assert.Equal(0L, Convert.ToInt64(await check.QueryScalarAsync($"SELECT COUNT(*) FROM {MetaSchema.Database}.fence WHERE task = '{task}'"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_fence_never_released_expires_and_the_task_resumes()
    {
        var (database, task, stop, running) = await StartSmallTaskAsync("fexpire");
        var expiry = TimeSpan.FromSeconds(2);
        var fence = await TaskFence.PauseAsync(Target, task, AnswerTimeout, expiry, CancellationToken.None);
        var paused = Stopwatch.StartNew();
        await using (var source = await MySqlConnection.OpenAsync(pair.Source.Uri))
            await source.ExecuteAsync($"INSERT INTO `{database}`.t VALUES (100, 'while paused')");

        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task, running, TimeSpan.FromSeconds(60));
        output.WriteLine($"applied again {paused.ElapsedMilliseconds} ms after the pause");
        Assert.True(paused.Elapsed >= expiry - TimeSpan.FromMilliseconds(100), $"the task resumed {paused.Elapsed} after the pause, before the fence's expiry of {expiry}");
        await using (var target = await MySqlConnection.OpenAsync(pair.Target.Uri))
        {
            Assert.Equal(FenceState.Expired, await target.QueryScalarAsync($"SELECT state FROM {MetaSchema.Database}.fence WHERE task = '{task}' AND id = {fence.Id}"));
        }

        var error = await Assert.ThrowsAsync<TandemException>(() => fence.ReleaseAsync(CancellationToken.None));
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        await fence.ReleaseAsync(CancellationToken.None);
        await fence.DisposeAsync();
        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
        await stop.CancelAsync();
        await running;
        stop.Dispose();
    }

    [Fact]
    public async Task A_stop_of_tandem_run_while_held_exits_0_and_the_next_run_resumes()
    {
        var database = DatabaseNames.Unique("fstop");
        await CreateSmallTableAsync(database);
        var taskFile = TestTasks.WriteFile(pair, database);
        await using var source = await MySqlConnection.OpenAsync(pair.Source.Uri);
        using (var tandem = TandemProcess.Run(taskFile))
        {
            try
            {
                await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, database, tandem.WaitForExitAsync());
                await using (var fence = await TaskFence.PauseAsync(Target, database, AnswerTimeout, CancellationToken.None))
                {
                    var end = await SourceStatus.CurrentPositionAsync(source, CancellationToken.None);
                    await fence.AdvanceAsync(end, AnswerTimeout, CancellationToken.None);
                    await source.ExecuteAsync($"INSERT INTO `{database}`.t VALUES (100, 'held at the gate')");

                    var timer = Stopwatch.StartNew();
                    Assert.Equal(0, await tandem.StopAsync(TimeSpan.FromSeconds(30)));
                    output.WriteLine($"tandem run exited 0 {timer.ElapsedMilliseconds} ms after SIGTERM, while held");
                }
            }
            finally
            {
                output.WriteLine(tandem.Output);
            }
        }

        using var again = TandemProcess.Run(taskFile);
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, database, again.WaitForExitAsync());
        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
        Assert.Equal(0, await again.StopAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>A task over one small table, streaming and caught up.</summary>
    private async Task<(string Database, string Task, CancellationTokenSource Stop, Task Running)> StartSmallTaskAsync(string prefix)
    {
        var database = DatabaseNames.Unique(prefix);
        await CreateSmallTableAsync(database);
        var task = TestTasks.For(pair, database);
        var stop = new CancellationTokenSource();
        var running = new TaskRunner(task, new ReplicationMetrics(task.Name), new TestOutputLogger(output, "task")).RunAsync(stop.Token);
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);
        return (database, task.Name, stop, running);
    }

    private async Task CreateSmallTableAsync(string database)
    {
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`", CancellationToken.None);
        await using var source = await MySqlConnection.OpenAsync(pair.Source.Uri);
        await source.ExecuteAsync($"CREATE TABLE `{database}`.t (id INT PRIMARY KEY, v VARCHAR(64))");
        await source.ExecuteAsync($"INSERT INTO `{database}`.t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    }

    /// <summary>The binlog position MariaDB reports for the connection's consistent snapshot.</summary>
    private static async Task<BinlogPosition> SnapshotPositionAsync(MySqlConnection connection)
    {
        string? file = null;
        long? offset = null;
        await using var reader = await connection.QueryAsync("SHOW SESSION STATUS LIKE 'binlog_snapshot_%'");
        while (await reader.ReadAsync())
        {
            if (string.Equals(reader.GetString(0), "Binlog_snapshot_file", StringComparison.OrdinalIgnoreCase))
                file = reader.GetString(1);
            else if (string.Equals(reader.GetString(0), "Binlog_snapshot_position", StringComparison.OrdinalIgnoreCase))
                offset = long.Parse(reader.GetString(1)!, CultureInfo.InvariantCulture);
        }

        return new BinlogPosition(file ?? throw new InvalidOperationException("no snapshot file"), offset ?? throw new InvalidOperationException("no snapshot position"), null);
    }

    /// <summary>Row count and a checksum of every column of a sysbench table, read in the connection's open transaction.</summary>
    private static async Task<string> AggregateAsync(MySqlConnection connection, string database, string table)
    {
        await using var reader = await connection.QueryAsync(
            $"SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('#', id, k, c, pad))), 0) FROM `{database}`.`{table}`");
        Assert.True(await reader.ReadAsync());
        return $"{reader.GetString(0)} rows, crc sum {reader.GetString(1)}";
    }

    private static BinlogFilePosition FilePosition(BinlogPosition? position) =>
        position is null ? throw new InvalidOperationException("no position") : new BinlogFilePosition(position.File, position.Offset);
}
