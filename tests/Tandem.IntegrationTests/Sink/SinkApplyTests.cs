using Tandem.Core.Errors;
using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Sink;

/// <summary>
/// The sink against a real MariaDB: a captured source database applied into a routed target database on the same
/// server converges to the source, through key changes, unique swaps, hot keys, a large transaction, DDL and restarts.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class SinkApplyTests : IDisposable
{
    private readonly MariaDbFixture _fixture;
    private readonly string _history = Path.Combine(Path.GetTempPath(), $"tandem-sink-history-{Guid.NewGuid():N}");

    public SinkApplyTests(MariaDbFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose()
    {
        if (Directory.Exists(_history))
            Directory.Delete(_history, recursive: true);
    }

    private string Uri => _fixture.Server.Uri;

    [Fact]
    public async Task Sink_applies_key_changes_unique_swaps_hot_keys_and_a_large_transaction_so_the_target_equals_the_source()
    {
        var (source, target, start) = await PrepareAsync("conv");
        await using var connection = await MySqlConnection.OpenAsync(Uri);
        var options = SinkRun.Options(Uri, $"conv-{Guid.NewGuid():N}", source, target) with { Writers = 4, MemoryBudgetBytes = 8L << 20 };
        await using (var run = await SinkRun.StartAsync(Uri, source, start, _history, options))
        {
            await CreateTablesAsync(connection, source);
            await WorkloadAsync(connection, source, 1);
            // About 5 MB in one transaction: over a quarter of the 8 MiB budget, so it is applied alone and streamed.
            await connection.ExecuteAsync($"USE {source}");
            await connection.ExecuteAsync($"INSERT INTO {source}.b (id, c, payload) SELECT seq, CONCAT('row ', seq), REPEAT(CHAR(65 + seq % 26), 10000) FROM seq_1_to_500");
            await connection.ExecuteAsync($"UPDATE {source}.b SET c = UPPER(c) WHERE id % 2 = 0");
            await run.CatchUpAsync(Uri);
            await AssertConvergedAsync(connection, source, target);
            Assert.True(run.Metrics.RowsApplied > 0);
            Assert.Null(run.Sink.OldestPendingCommitTime);
            Assert.NotNull(run.Sink.Checkpoint);
        }
    }

    [Fact]
    public async Task A_replay_from_before_the_checkpoint_converges_to_the_same_data()
    {
        var (source, target, start) = await PrepareAsync("replay");
        await using var connection = await MySqlConnection.OpenAsync(Uri);
        var options = SinkRun.Options(Uri, $"replay-{Guid.NewGuid():N}", source, target) with { Writers = 3 };
        await using (var run = await SinkRun.StartAsync(Uri, source, start, _history, options))
        {
            await CreateTablesAsync(connection, source);
            await WorkloadAsync(connection, source, 1);
            await run.CatchUpAsync(Uri);
        }

        var checkpoint = await CheckpointStore.ReadAsync(connection, options.Task, CancellationToken.None);
        Assert.NotNull(checkpoint);

        // A new sink, fed from the very start: everything before the checkpoint is applied a second time.
        await using (var run = await SinkRun.StartAsync(Uri, source, start, _history, options with { Writers = 4 }))
        {
            await WorkloadAsync(connection, source, 2);
            await run.CatchUpAsync(Uri);
            await AssertConvergedAsync(connection, source, target);
        }
    }

    [Fact]
    public async Task Ddl_mid_stream_is_applied_in_order_with_routed_names_and_rows_after_it_land_in_the_new_shape()
    {
        var (source, target, start) = await PrepareAsync("ddl");
        await using var connection = await MySqlConnection.OpenAsync(Uri);
        var options = SinkRun.Options(Uri, $"ddl-{Guid.NewGuid():N}", source, target) with { Writers = 4 };
        await using var run = await SinkRun.StartAsync(Uri, source, start, _history, options);
        await connection.ExecuteAsync($"CREATE TABLE {source}.t (id INT PRIMARY KEY, a VARCHAR(20))");
        for (var i = 1; i <= 50; i++)
            await connection.ExecuteAsync($"INSERT INTO {source}.t VALUES ({i}, 'a{i}')");
        await connection.ExecuteAsync($"ALTER TABLE {source}.t ADD COLUMN b INT NOT NULL DEFAULT 7 AFTER id");
        await connection.ExecuteAsync($"UPDATE {source}.t SET b = id * 2 WHERE id % 3 = 0");
        await connection.ExecuteAsync($"USE {source}");
        await connection.ExecuteAsync("ALTER TABLE t ADD UNIQUE INDEX ub (a), ADD INDEX ib (b)");
        await connection.ExecuteAsync($"INSERT INTO {source}.t VALUES (51, 5, 'a51')");
        await connection.ExecuteAsync("RENAME TABLE t TO t2");
        for (var i = 52; i <= 80; i++)
            await connection.ExecuteAsync($"INSERT INTO {source}.t2 VALUES ({i}, {i}, 'a{i}')");
        await connection.ExecuteAsync($"DELETE FROM {source}.t2 WHERE id < 10");
        await run.CatchUpAsync(Uri);

        await SinkRun.AssertSameAsync(connection, $"{source}.t2", $"{target}.t2", "id");
        var indexes = await SinkRun.RowsAsync(connection, $"information_schema.statistics WHERE table_schema = '{target}' AND table_name = 't2'", "index_name, seq_in_index");
        Assert.Contains(indexes, static row => row.Contains("|ub|", StringComparison.Ordinal));
        Assert.Contains(indexes, static row => row.Contains("|ib|", StringComparison.Ordinal));
        Assert.Null(await connection.QueryScalarAsync($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{target}' AND table_name = 't'"));
    }

    [Fact]
    public async Task A_table_without_a_key_is_refused_with_a_hint_unless_full_row_matching_is_allowed()
    {
        var (source, target, start) = await PrepareAsync("keyless");
        await using var connection = await MySqlConnection.OpenAsync(Uri);
        await connection.ExecuteAsync($"CREATE TABLE {target}.k (a INT, b VARCHAR(10))");
        await connection.ExecuteAsync($"CREATE TABLE {source}.k (a INT, b VARCHAR(10))");
        var keylessStart = await CaptureRun.CurrentPositionAsync(Uri);
        await connection.ExecuteAsync($"INSERT INTO {source}.k VALUES (1, 'x'), (1, 'x'), (2, NULL), (3, 'y')");
        await connection.ExecuteAsync($"UPDATE {source}.k SET b = 'z' WHERE a = 3");
        await connection.ExecuteAsync($"DELETE FROM {source}.k WHERE a = 1 LIMIT 1");
        await connection.ExecuteAsync($"UPDATE {source}.k SET a = 20 WHERE b IS NULL");

        var refusing = SinkRun.Options(Uri, $"keyless-{Guid.NewGuid():N}", source, target);
        await using (var run = await SinkRun.StartAsync(Uri, source, keylessStart, _history, refusing))
        {
            var failed = await Eventually.TrueWithinAsync(() => run.Failure is not null, TimeSpan.FromSeconds(60));
            Assert.True(failed, "the sink accepted a table without a key");
            var error = Assert.IsAssignableFrom<TandemException>(run.Failure);
            Assert.Contains($"{source}.k", error.Message, StringComparison.Ordinal);
            Assert.Contains("full_row_match", error.Hint, StringComparison.Ordinal);
        }

        await using (var run = await SinkRun.StartAsync(Uri, source, keylessStart, _history, refusing with { AllowFullRowMatch = true }))
        {
            await run.CatchUpAsync(Uri);
            await SinkRun.AssertSameAsync(connection, $"{source}.k", $"{target}.k", "a, b");
        }
    }

    [Fact]
    public async Task The_checkpoint_moves_on_while_only_other_databases_change()
    {
        var (source, target, start) = await PrepareAsync("idle");
        var other = await _fixture.CreateDatabaseAsync("idleother");
        await using var connection = await MySqlConnection.OpenAsync(Uri);
        await connection.ExecuteAsync($"CREATE TABLE {other}.o (id INT PRIMARY KEY)");
        var options = SinkRun.Options(Uri, $"idle-{Guid.NewGuid():N}", source, target) with { CheckpointInterval = TimeSpan.FromMilliseconds(100) };
        await using var run = await SinkRun.StartAsync(Uri, source, start, _history, options);
        await connection.ExecuteAsync($"CREATE TABLE {source}.t (id INT PRIMARY KEY)");
        await connection.ExecuteAsync($"INSERT INTO {source}.t VALUES (1)");
        await run.CatchUpAsync(Uri);
        var first = await CheckpointStore.ReadAsync(connection, options.Task, CancellationToken.None);
        Assert.NotNull(first);

        for (var i = 1; i <= 5; i++)
            await connection.ExecuteAsync($"INSERT INTO {other}.o VALUES ({i})");
        var end = await CaptureRun.CurrentPositionAsync(Uri);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var stored = await CheckpointStore.ReadAsync(connection, options.Task, CancellationToken.None);
            if (stored is not null && stored.File == end.File && stored.Offset >= end.Offset)
                break;
            Assert.False(deadline.IsCancellationRequested, $"the checkpoint stayed at {stored} while the source moved to {end.File}:{end.Offset}");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private async Task<(string Source, string Target, Tandem.MySql.Binlog.Dump.BinlogStart.FilePosition Start)> PrepareAsync(string prefix)
    {
        var source = await _fixture.CreateDatabaseAsync($"{prefix}_src");
        var target = await _fixture.CreateDatabaseAsync($"{prefix}_dst");
        var start = await CaptureRun.CurrentPositionAsync(Uri);
        await CaptureRun.InitializeHistoryAsync(Uri, source, start, _history);
        return (source, target, start);
    }

    private static async Task CreateTablesAsync(MySqlConnection connection, string source)
    {
        await connection.ExecuteAsync($"CREATE TABLE {source}.a (id INT PRIMARY KEY, u INT, v VARCHAR(50), UNIQUE KEY uu (u))");
        await connection.ExecuteAsync($"CREATE TABLE {source}.h (k INT PRIMARY KEY, n BIGINT NOT NULL)");
        await connection.ExecuteAsync($"INSERT INTO {source}.h VALUES (0, 0), (1, 0), (2, 0), (3, 0), (4, 0)");
        await connection.ExecuteAsync($"CREATE TABLE {source}.c (name VARCHAR(20) COLLATE utf8mb4_general_ci PRIMARY KEY, n INT)");
        await connection.ExecuteAsync($"CREATE TABLE {source}.b (id INT PRIMARY KEY, c VARCHAR(20), payload LONGBLOB, g INT AS (id * 2) VIRTUAL)");
    }

    /// <summary>Inserts, updates, key changes, deletes, unique swaps, case-folded keys and many small transactions on hot keys.</summary>
    private static async Task WorkloadAsync(MySqlConnection connection, string source, int round)
    {
        var o = round * 10_000;
        var values = string.Join(", ", Enumerable.Range(1, 200).Select(i => $"({o + i}, {o + i * 10}, 'v{i}')"));
        await connection.ExecuteAsync($"INSERT INTO {source}.a VALUES {values}");
        await connection.ExecuteAsync($"UPDATE {source}.a SET v = CONCAT(v, '-updated') WHERE id % 3 = 0");
        await connection.ExecuteAsync($"UPDATE {source}.a SET id = id + 1000 WHERE id % 7 = 0 AND id BETWEEN {o + 100} AND {o + 300}");
        await connection.ExecuteAsync($"DELETE FROM {source}.a WHERE id % 5 = 0");
        // A swap of unique values inside one transaction, then across transactions.
        await connection.ExecuteAsync($"BEGIN; UPDATE {source}.a SET u = NULL WHERE id = {o + 1}; UPDATE {source}.a SET u = {o + 10} WHERE id = {o + 2}; UPDATE {source}.a SET u = {o + 20} WHERE id = {o + 1}; COMMIT");
        await connection.ExecuteAsync($"UPDATE {source}.a SET u = NULL WHERE id = {o + 3}");
        await connection.ExecuteAsync($"UPDATE {source}.a SET u = {o + 30} WHERE id = {o + 4}");
        await connection.ExecuteAsync($"UPDATE {source}.a SET u = {o + 40} WHERE id = {o + 3}");
        // A unique value moving from a deleted row to a new one.
        await connection.ExecuteAsync($"DELETE FROM {source}.a WHERE id = {o + 6}");
        await connection.ExecuteAsync($"INSERT INTO {source}.a VALUES ({o + 9999}, {o + 60}, 'took u of {o + 6}')");
        for (var i = 0; i < 600; i++)
        {
            var sql = (i % 4) switch
            {
                0 => $"UPDATE {source}.h SET n = n + 1 WHERE k = {i % 5}",
                1 => $"UPDATE {source}.h SET n = (n * 2) % 1000003 WHERE k IN ({i % 5}, {(i + 2) % 5})",
                2 => $"UPDATE {source}.a SET v = 'hot {i}' WHERE id = {o + 1}",
                _ => $"INSERT INTO {source}.h VALUES ({100 + (i % 7)}, {i}) ON DUPLICATE KEY UPDATE n = n - 1",
            };
            await connection.ExecuteAsync(sql);
        }

        // Keys equal under the collation but not byte for byte.
        await connection.ExecuteAsync($"INSERT INTO {source}.c VALUES ('abc{round}', 1)");
        await connection.ExecuteAsync($"DELETE FROM {source}.c WHERE name = 'ABC{round}'");
        await connection.ExecuteAsync($"INSERT INTO {source}.c VALUES ('Abc{round} ', 2)");
        await connection.ExecuteAsync($"BEGIN; UPDATE {source}.c SET name = 'aBC{round}', n = 3 WHERE name = 'abc{round}'; INSERT INTO {source}.c VALUES ('x{round}', 4); COMMIT");
        await connection.ExecuteAsync($"BEGIN; DELETE FROM {source}.c WHERE name = 'X{round}'; INSERT INTO {source}.c VALUES ('X{round}', 5); COMMIT");
    }

    private static async Task AssertConvergedAsync(MySqlConnection connection, string source, string target)
    {
        await SinkRun.AssertSameAsync(connection, $"{source}.a", $"{target}.a", "id");
        await SinkRun.AssertSameAsync(connection, $"{source}.h", $"{target}.h", "k");
        await SinkRun.AssertSameAsync(connection, $"{source}.c", $"{target}.c", "name");
        await SinkRun.AssertSameAsync(connection, $"{source}.b", $"{target}.b", "id");
    }
}
