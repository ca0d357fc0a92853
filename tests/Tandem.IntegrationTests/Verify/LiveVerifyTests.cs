using Xunit.Abstractions;
using Tandem.Cli.Run;
using Tandem.Core.Filtering;
using Tandem.Core.Replication;
using Tandem.Core.Verify;
using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Tandem.MySql.Protocol;
using Tandem.MySql.Verify;

namespace Tandem.IntegrationTests.Verify;

/// <summary>
/// Verification of a pair a Tandem task keeps replicating under sysbench's write load: rows in flight must not be
/// reported (they are re-read once the task's checkpoint passes the source position of the read), and a difference
/// planted directly on the target must still be.
/// </summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class LiveVerifyTests(ReplicationPairFixture pair, ITestOutputHelper output)
{
    private const int Tables = 4;
    private const int TableSize = 20_000;

    [Fact]
    public async Task Verify_under_replicated_load_reports_nothing_in_flight_and_finds_what_was_planted_on_the_target()
    {
        // A table the load never writes, so a difference planted in it stays put.
        await using var live = await ReplicatedLoad.StartAsync(pair, output, "live",
            "CREATE TABLE `{0}`.quiet (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL); INSERT INTO `{0}`.quiet SELECT seq, CONCAT('v', seq) FROM `{0}`.seq_1_to_500");
        var (database, task, load) = (live.Database, live.Task, live.Load);
        var clean = await VerifyAsync(database, task);
        output.WriteLine($"under load: {clean.RowsCompared} rows, {clean.Elapsed.TotalSeconds:0.0}s, {clean.SourceQueries}/{clean.TargetQueries} queries, {clean.Tables.Sum(t => t.InFlightRows)} rows in flight re-checked");
        Assert.False(load.IsCompleted, "the load stopped before the verification ended");
        Assert.Empty(clean.Schema);
        Assert.All(clean.Tables, t => Assert.True(t.IsEqual, $"{t.Table}: {Describe(t)}"));
        Assert.Equal(Tables + 1, clean.Tables.Count);

        await using (var target = await MySqlConnection.OpenAsync(pair.Target.Uri))
        {
            await target.ExecuteAsync($"UPDATE `{database}`.quiet SET v = 'planted' WHERE id = 250");
            await target.ExecuteAsync($"INSERT INTO `{database}`.sbtest1 (id, k, c, pad) VALUES (900000000, 1, 'planted', 'planted')");
        }

        var planted = await VerifyAsync(database, task);
        var differences = planted.Tables.SelectMany(t => t.Differences.Select(d => (t.Table, d))).ToList();
        foreach (var (table, difference) in differences)
            output.WriteLine($"{table}: {difference.Kind} {string.Join(",", difference.Key.Select(k => $"{k.Column}={k.Text}"))} {string.Join(",", difference.Columns.Select(c => c.Column))}");
        Assert.Equal(2, differences.Count);
        Assert.Contains(differences, x => x.Table == $"{database}.quiet" && x.d.Kind == RowDifferenceKind.Differing
            && x.d.Key.Single().Text == "250" && x.d.Columns.Single().Column == "v" && x.d.Columns.Single().Target == "planted");
        Assert.Contains(differences, x => x.Table == $"{database}.sbtest1" && x.d.Kind == RowDifferenceKind.OnlyInTarget && x.d.Key.Single().Text == "900000000");
    }

    [Fact]
    public async Task Consistent_mode_compares_at_one_position_under_load_and_a_fenced_fix_converges()
    {
        await using var live = await ReplicatedLoad.StartAsync(pair, output, "fenced");
        var (database, task, load) = (live.Database, live.Task, live.Load);
        var clean = await VerifyAsync(database, task, consistent: true);
        output.WriteLine($"consistent under load at {clean.Position}: {clean.RowsCompared} rows, {clean.Elapsed.TotalSeconds:0.0}s");
        Assert.False(load.IsCompleted, "the load stopped before the verification ended");
        Assert.Equal("consistent", clean.Mode);
        Assert.NotNull(clean.Position);
        Assert.All(clean.Tables, t => Assert.True(t.IsEqual, $"{t.Table}: {Describe(t)}"));
        Assert.Equal(0, clean.Tables.Sum(t => t.InFlightRows));

        // Ids beyond sysbench's range, which its load never writes.
        await using (var target = await MySqlConnection.OpenAsync(pair.Target.Uri))
        {
            await target.ExecuteAsync($"INSERT INTO `{database}`.sbtest2 (id, k, c, pad) VALUES (900000001, 1, 'planted', 'planted')");
            await target.ExecuteAsync($"DELETE FROM `{database}`.sbtest3 WHERE id = {TableSize}");
        }

        var planted = await VerifyAsync(database, task, consistent: true);
        var found = planted.Tables.SelectMany(t => t.Differences.Select(d => (t.Table, d.Kind, Key: d.Key.Single().Text))).ToList();
        Assert.Contains(($"{database}.sbtest2", RowDifferenceKind.OnlyInTarget, "900000001"), found);
        // sysbench may itself delete and re-insert that row; what matters is nothing else is reported.
        Assert.All(found, f => Assert.True(f.Key == "900000001" || f.Key == $"{TableSize}", $"unexpected {f}"));

        var fixedRows = await MySqlFixScript.WriteAsync(Options(database, task, consistent: true), planted, null, apply: true, new TestOutputLogger(output, "fix"), CancellationToken.None);
        Assert.Equal(found.Count, fixedRows);
        var after = await VerifyAsync(database, task, consistent: true);
        Assert.All(after.Tables, t => Assert.True(t.IsEqual, $"after the fix, {t.Table}: {Describe(t)}"));
    }

    /// <summary>A database of sysbench tables, a task replicating it, and sysbench's write load running until disposed.</summary>
    private sealed class ReplicatedLoad : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stopTask = new();
        private readonly CancellationTokenSource _stopLoad = new();
        private System.Threading.Tasks.Task _running = System.Threading.Tasks.Task.CompletedTask;

        public required string Database { get; init; }

        public string Task => Database;

        public System.Threading.Tasks.Task Load { get; private set; } = System.Threading.Tasks.Task.CompletedTask;

        /// <param name="setup">SQL run on the source before the task starts, with {0} for the database.</param>
        public static async Task<ReplicatedLoad> StartAsync(ReplicationPairFixture pair, ITestOutputHelper output, string prefix, string? setup = null)
        {
            var live = new ReplicatedLoad { Database = DatabaseNames.Unique(prefix) };
            await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{live.Database}`", CancellationToken.None);
            await SysbenchLoad.PrepareAsync(pair.Source.Port, live.Database, Tables, TableSize);
            if (setup is not null)
                await pair.Source.ExecuteSqlAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, setup, live.Database), CancellationToken.None);
            var task = TestTasks.For(pair, live.Database);
            live._running = new TaskRunner(task, new ReplicationMetrics(task.Name), new TestOutputLogger(output, "task")).RunAsync(live._stopTask.Token);
            await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, live._running);
            live.Load = SysbenchLoad.WriteAsync(pair.Source.Port, live.Database, Tables, TableSize, seconds: 600, ct: live._stopLoad.Token);
            return live;
        }

        public async ValueTask DisposeAsync()
        {
            await _stopLoad.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Load);
            await _stopTask.CancelAsync();
            await _running;
            _stopLoad.Dispose();
            _stopTask.Dispose();
        }
    }

    private Task<VerifyReport> VerifyAsync(string database, string task, bool consistent = false) =>
        MySqlVerifier.RunAsync(Options(database, task, consistent), SilentVerifyProgress.Instance, new TestOutputLogger(output, "verify"), CancellationToken.None);

    private MySqlVerifyOptions Options(string database, string task, bool consistent) =>
            new()
            {
                Source = MySqlConnectionOptions.Parse(pair.Source.Uri),
                Target = MySqlConnectionOptions.Parse(pair.Target.Uri),
                Tables = TableFilter.Parse([$"{database}.*"]),
                Task = task,
                Threads = 2,
                ChunkRows = 3_000,
                RecheckRounds = 5,
                Consistent = consistent,
                JournalPath = Path.Combine(Path.GetTempPath(), $"tandem-verify-{database}.jsonl"),
            };

    private static string Describe(TableResult table) =>
        table.Error ?? string.Join("; ", table.Differences.Take(5).Select(d =>
            $"{d.Kind} {string.Join(",", d.Key.Select(k => k.Text))} {string.Join(",", d.Columns.Select(c => $"{c.Column}: {c.Source} vs {c.Target}"))}"));
}
