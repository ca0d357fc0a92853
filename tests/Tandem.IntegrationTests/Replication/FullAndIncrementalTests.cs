using Xunit.Abstractions;
using Tandem.Cli.Run;
using Tandem.Core.Replication;
using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// MariaDB to MariaDB with `full+incremental`: the copy, the hand-off and the stream under sysbench's write load, then
/// both sides compared by the servers' own CHECKSUM TABLE and row counts.
/// </summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class FullAndIncrementalTests(ReplicationPairFixture pair, ITestOutputHelper output)
{
    [Fact]
    public async Task A_copy_and_stream_under_sysbench_load_leaves_both_sides_identical()
    {
        var database = DatabaseNames.Unique("sb");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`", CancellationToken.None);
        await SysbenchLoad.PrepareAsync(pair.Source.Port, database, tables: 4, tableSize: 20_000);

        var task = TestTasks.For(pair, database);
        var metrics = new ReplicationMetrics(task.Name);
        using var stop = new CancellationTokenSource();

        // The load starts first, so rows change while the snapshot is read, at the hand-off and while streaming.
        var load = SysbenchLoad.WriteAsync(pair.Source.Port, database, tables: 4, tableSize: 20_000, seconds: 15);
        var running = new TaskRunner(task, metrics, new TestOutputLogger(output, "task")).RunAsync(stop.Token);
        await load;
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);

        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
        Assert.True(metrics.CopyRowsDone > 0, "the copy wrote no rows");
        Assert.True(metrics.RowsApplied > 0, "the stream applied no rows");
        await stop.CancelAsync();
        await running;
        Assert.Equal(TaskPhase.Stopped, metrics.Phase);
    }

    [Fact]
    public async Task A_stop_under_load_is_prompt_and_the_next_run_resumes_to_identical_tables()
    {
        var database = DatabaseNames.Unique("stop");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`", CancellationToken.None);
        await SysbenchLoad.PrepareAsync(pair.Source.Port, database, tables: 2, tableSize: 10_000);
        var task = TestTasks.For(pair, database);
        using var stopLoad = new CancellationTokenSource();
        var load = SysbenchLoad.WriteAsync(pair.Source.Port, database, tables: 2, tableSize: 10_000, seconds: 600, ct: stopLoad.Token);

        var metrics = new ReplicationMetrics(task.Name);
        using (var stop = new CancellationTokenSource())
        {
            var running = new TaskRunner(task, metrics, new TestOutputLogger(output, "first")).RunAsync(stop.Token);
            Assert.True(await Eventually.TrueWithinAsync(() => metrics.RowsApplied > 1_000 || running.IsCompleted, TimeSpan.FromMinutes(2)), "nothing was applied");
            Assert.False(running.IsCompleted, "the task ended by itself");
            await stop.CancelAsync();
            var stopped = System.Diagnostics.Stopwatch.StartNew();
            await running.WaitAsync(TimeSpan.FromSeconds(20));
            output.WriteLine($"stopped {stopped.ElapsedMilliseconds} ms after the request, with the load running");
            Assert.Equal(TaskPhase.Stopped, metrics.Phase);
        }

        await stopLoad.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => load);
        using var second = new CancellationTokenSource();
        var resumed = new TaskRunner(task, new ReplicationMetrics(task.Name), new TestOutputLogger(output, "second")).RunAsync(second.Token);
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, resumed);
        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
        await second.CancelAsync();
        await resumed;
    }

    [Fact]
    public async Task Every_type_replicates_exactly_through_the_copy_and_the_stream()
    {
        var database = DatabaseNames.Unique("every");
        var sourceUri = $"{pair.Source.Uri}/{database}";
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`", CancellationToken.None);
        await using var source = await MySqlConnection.OpenAsync(sourceUri);
        await source.ExecuteAsync("SET time_zone = '+00:00', sql_mode = ''");
        await source.ExecuteAsync(EveryTypeCaptureTests.CreateTable);
        await source.ExecuteAsync($"INSERT INTO every VALUES {EveryTypeCaptureTests.Rows[0]}, {EveryTypeCaptureTests.Rows[1]}");
        await source.ExecuteAsync(PluginTypeRows.CreateTable);
        await source.ExecuteAsync($"INSERT INTO plugins VALUES {string.Join(", ", PluginTypeRows.Rows(0, 6))}");

        var task = TestTasks.For(pair, database);
        using var stop = new CancellationTokenSource();
        var running = new TaskRunner(task, new ReplicationMetrics(task.Name), new TestOutputLogger(output, "task")).RunAsync(stop.Token);
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);

        // The rest arrive through the stream: inserts, an update of every column, a delete.
        foreach (var row in EveryTypeCaptureTests.Rows.Skip(2))
            await source.ExecuteAsync($"INSERT INTO every VALUES {row}");
        await source.ExecuteAsync($"INSERT INTO every SELECT 100 + id, {string.Join(", ", EveryTypeCaptureTests.ValueColumns)} FROM every WHERE id <= 2");
        await source.ExecuteAsync("UPDATE every SET bu = 1, dec65 = -dec65, e = 'b', j = JSON_OBJECT('u', 1), vb = X'00', g = ST_GeomFromText('POINT(3 4)'), i6 = '::1', u = '4b1e3c2a-8f7d-4e6b-9a1c-2d3e4f5a6b7c' WHERE id = 2");
        await source.ExecuteAsync("UPDATE every SET id = 200 WHERE id = 101");
        await source.ExecuteAsync("DELETE FROM every WHERE id = 1");
        foreach (var row in PluginTypeRows.Rows(6))
            await source.ExecuteAsync($"INSERT INTO plugins VALUES {row}");
        foreach (var change in PluginTypeRows.Changes)
            await source.ExecuteAsync(change);
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);

        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
        await using var target = await MySqlConnection.OpenAsync($"{pair.Target.Uri}/{database}");
        Assert.Equal(await RowsAsync(source, "every", "id"), await RowsAsync(target, "every", "id"));
        Assert.Equal(await RowsAsync(source, "plugins", "u"), await RowsAsync(target, "plugins", "u"));
        await stop.CancelAsync();
        await running;
    }

    /// <summary>Every row as the server returns it over the binary protocol, as comparable text.</summary>
    private static async Task<List<string>> RowsAsync(MySqlConnection connection, string table, string key)
    {
        await connection.ExecuteAsync("SET time_zone = '+00:00'");
        var rows = new List<string>();
        await using var statement = await connection.PrepareAsync($"SELECT * FROM {table} ORDER BY {key}");
        await using var reader = await statement.ExecuteQueryAsync();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => ValueText.Of(reader.GetValue(i)))));
        return rows;
    }
}
