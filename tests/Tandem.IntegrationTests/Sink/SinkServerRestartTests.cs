using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;
using Tandem.Sandbox;

namespace Tandem.IntegrationTests.Sink;

/// <summary>
/// The target restarts under a running sink: writers find their connections dead, retry their batches on new ones
/// and converge. The target is a dedicated server, so the shared source keeps streaming meanwhile.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class SinkServerRestartTests : IDisposable
{
    private readonly MariaDbFixture _fixture;
    private readonly string _history = Path.Combine(Path.GetTempPath(), $"tandem-sink-restart-{Guid.NewGuid():N}");

    public SinkServerRestartTests(MariaDbFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose()
    {
        if (Directory.Exists(_history))
            Directory.Delete(_history, recursive: true);
    }

    [Fact]
    public async Task Writers_retry_their_batches_across_a_target_restart()
    {
        await using var directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var targetServer = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "sinktarget" }, timeout.Token);
        var uri = _fixture.Server.Uri;
        var source = await _fixture.CreateDatabaseAsync("retry_src");
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await connection.ExecuteAsync($"CREATE TABLE {source}.t (id INT PRIMARY KEY, n INT, at TIMESTAMP(6) NULL)");
        var target = await MySqlConnection.OpenAsync(targetServer.Uri);
        await target.ExecuteAsync("CREATE DATABASE dst");
        await target.ExecuteAsync("CREATE TABLE dst.t (id INT PRIMARY KEY, n INT, at TIMESTAMP(6) NULL)");
        await target.DisposeAsync();
        var start = await CaptureRun.CurrentPositionAsync(uri);
        await CaptureRun.InitializeHistoryAsync(uri, source, start, _history);
        var options = SinkRun.Options(uri, "retry", source, "dst") with { Target = MySqlConnectionOptions.Parse(targetServer.Uri), Writers = 3 };
        await using var run = await SinkRun.StartAsync(uri, source, start, _history, options);

        for (var i = 1; i <= 100; i++)
            await connection.ExecuteAsync($"INSERT INTO {source}.t VALUES ({i}, {i}, '2024-05-06 07:08:09.{i:000000}')");
        await run.CatchUpAsync(uri);

        await targetServer.RestartAsync(timeout.Token);
        for (var i = 1; i <= 100; i++)
            await connection.ExecuteAsync($"UPDATE {source}.t SET n = n + {i} WHERE id IN ({i}, {101 - i})");
        await connection.ExecuteAsync($"DELETE FROM {source}.t WHERE id % 10 = 0");
        await run.CatchUpAsync(uri);

        await using var after = await MySqlConnection.OpenAsync(targetServer.Uri);
        var expected = await SinkRun.RowsAsync(connection, $"{source}.t", "id");
        Assert.Equal(expected, await SinkRun.RowsAsync(after, "dst.t", "id"));
    }
}
