using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Sink;

/// <summary>
/// Changes of keys that the target's collation holds equal but that are spelled differently ('ß' and 's' under
/// utf8mb4_general_ci) touch one target row, so they must be applied in source order. A slow first transaction on one
/// writer and a respelled key that could go to an idle writer are the shape that used to lose the row.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class CollationKeyOrderTests : IDisposable
{
    private readonly MariaDbFixture _fixture;
    private readonly string _history = Path.Combine(Path.GetTempPath(), $"tandem-fold-history-{Guid.NewGuid():N}");

    public CollationKeyOrderTests(MariaDbFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose()
    {
        if (Directory.Exists(_history))
            Directory.Delete(_history, recursive: true);
    }

    private string Uri => _fixture.Server.Uri;

    [Theory]
    [InlineData("ß", "s")]
    [InlineData("ё", "е")]
    [InlineData("έ", "ε")]
    public async Task A_delete_and_a_reinsert_under_a_collation_equal_primary_key_keep_their_order(string stored, string respelled)
    {
        var (source, target, start) = await PrepareAsync("foldpk");
        await using var connection = await MySqlConnection.OpenAsync(Uri);
        await connection.ExecuteAsync("SET NAMES utf8mb4");
        Assert.Equal(1L, Convert.ToInt64(await connection.QueryScalarAsync($"SELECT _utf8mb4'{stored}' = _utf8mb4'{respelled}' COLLATE utf8mb4_general_ci")));
        var options = SinkRun.Options(Uri, $"foldpk-{Guid.NewGuid():N}", source, target) with { Writers = 4 };
        await using var run = await SinkRun.StartAsync(Uri, source, start, _history, options);
        await connection.ExecuteAsync($"CREATE TABLE {source}.t (a VARCHAR(10) COLLATE utf8mb4_general_ci PRIMARY KEY, v INT)");
        await CreateFillerAsync(connection, source);
        await connection.ExecuteAsync($"INSERT INTO {source}.t VALUES ('{stored}', 1)");
        await run.CatchUpAsync(Uri);

        // T1 changes the row and takes a writer for a while; T2 deletes the row; T3 inserts it again, spelled otherwise.
        await connection.ExecuteAsync($"BEGIN; UPDATE {source}.t SET v = 2 WHERE a = '{stored}'; UPDATE {source}.filler SET n = n + 1; COMMIT");
        await connection.ExecuteAsync($"DELETE FROM {source}.t WHERE a = '{stored}'");
        await connection.ExecuteAsync($"INSERT INTO {source}.t VALUES ('{respelled}', 3)");
        await run.CatchUpAsync(Uri);

        Assert.Equal([$"{respelled}|3|"], await SinkRun.RowsAsync(connection, $"{target}.t", "a"));
        await SinkRun.AssertSameAsync(connection, $"{source}.t", $"{target}.t", "a");
        await SinkRun.AssertSameAsync(connection, $"{source}.filler", $"{target}.filler", "id");
    }

    [Fact]
    public async Task A_unique_value_freed_and_taken_again_respelled_by_another_row_keeps_its_order()
    {
        var (source, target, start) = await PrepareAsync("folduk");
        await using var connection = await MySqlConnection.OpenAsync(Uri);
        await connection.ExecuteAsync("SET NAMES utf8mb4");
        Assert.Equal(1L, Convert.ToInt64(await connection.QueryScalarAsync("SELECT _utf8mb4'Straße' = _utf8mb4'strase' COLLATE utf8mb4_general_ci")));
        // Batches smaller than T1, so T2 is written after it rather than merged into it.
        var options = SinkRun.Options(Uri, $"folduk-{Guid.NewGuid():N}", source, target) with { Writers = 4, BatchRows = 1000 };
        await using var run = await SinkRun.StartAsync(Uri, source, start, _history, options);
        await connection.ExecuteAsync($"CREATE TABLE {source}.u (id INT PRIMARY KEY, name VARCHAR(10) COLLATE utf8mb4_general_ci NOT NULL, v INT, UNIQUE KEY un (name))");
        await CreateFillerAsync(connection, source);
        await connection.ExecuteAsync($"INSERT INTO {source}.u VALUES (1, 'Straße', 1)");
        await run.CatchUpAsync(Uri);

        // The filler first, so T1's batch reaches u only after T3 could have run on another writer.
        await connection.ExecuteAsync($"BEGIN; UPDATE {source}.filler SET n = n + 1; UPDATE {source}.u SET v = 2 WHERE id = 1; COMMIT");
        await connection.ExecuteAsync($"DELETE FROM {source}.u WHERE id = 1");
        await connection.ExecuteAsync($"INSERT INTO {source}.u VALUES (2, 'strase', 3)");
        await run.CatchUpAsync(Uri);

        Assert.Equal(["2|strase|3|"], await SinkRun.RowsAsync(connection, $"{target}.u", "id"));
        await SinkRun.AssertSameAsync(connection, $"{source}.u", $"{target}.u", "id");
    }

    private static async Task CreateFillerAsync(MySqlConnection connection, string source)
    {
        await connection.ExecuteAsync($"CREATE TABLE {source}.filler (id INT PRIMARY KEY, n INT NOT NULL)");
        await connection.ExecuteAsync($"INSERT INTO {source}.filler SELECT seq, 0 FROM mysql.seq_1_to_30000");
    }

    private async Task<(string Source, string Target, Tandem.MySql.Binlog.Dump.BinlogStart.FilePosition Start)> PrepareAsync(string prefix)
    {
        var source = await _fixture.CreateDatabaseAsync($"{prefix}_src");
        var target = await _fixture.CreateDatabaseAsync($"{prefix}_dst");
        var start = await CaptureRun.CurrentPositionAsync(Uri);
        await CaptureRun.InitializeHistoryAsync(Uri, source, start, _history);
        return (source, target, start);
    }
}
