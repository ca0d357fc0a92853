using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Model;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Capture;

/// <summary>
/// A stream whose connection is killed, or goes silent without closing, resumes after the last complete transaction:
/// every row once, in order.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class ReconnectCaptureTests
{
    private const int Rows = 30;

    private readonly MariaDbFixture _fixture;

    public ReconnectCaptureTests(MariaDbFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task A_killed_dump_connection_is_reopened_without_losing_or_repeating_a_transaction()
    {
        var database = await _fixture.CreateDatabaseAsync("reconnect");
        var uri = $"{_fixture.Server.Uri}/{database}";
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await connection.ExecuteAsync("CREATE TABLE r (id INT PRIMARY KEY)");
        var start = await CaptureRun.CurrentPositionAsync(uri);
        var options = CaptureRun.Options(uri, database, start);

        var ids = await CaptureWhileAsync(options, async seen =>
        {
            for (var i = 1; i <= Rows / 2; i++)
                await connection.ExecuteAsync($"INSERT INTO r VALUES ({i})");
            Assert.True(await Eventually.TrueWithinAsync(() => seen.Count >= 5, TimeSpan.FromSeconds(30)));

            // Kill the dump thread registered with this capture's server id.
            await using var admin = await MySqlConnection.OpenAsync(_fixture.Server.Uri);
            await using (var list = await admin.QueryAsync("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'"))
            {
                var threads = new List<long>();
                while (await list.ReadAsync())
                    threads.Add(Convert.ToInt64(list.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
                await list.DisposeAsync();
                foreach (var thread in threads)
                    await admin.ExecuteAsync($"KILL CONNECTION {thread}");
            }

            for (var i = Rows / 2 + 1; i <= Rows; i++)
                await connection.ExecuteAsync($"INSERT INTO r VALUES ({i})");
        });

        Assert.Equal(Enumerable.Range(1, Rows).Select(static i => (long)i), ids);
    }

    [Fact]
    public async Task A_connection_that_goes_silent_is_detected_by_the_missing_heartbeats_and_reopened()
    {
        var database = await _fixture.CreateDatabaseAsync("silent");
        await using var proxy = new LoopbackProxy(_fixture.Server.Port);
        var uri = $"mysql://root@127.0.0.1:{proxy.Port}/{database}";
        await using var connection = await MySqlConnection.OpenAsync($"{_fixture.Server.Uri}/{database}");
        await connection.ExecuteAsync("CREATE TABLE s (id INT PRIMARY KEY)");
        var start = await CaptureRun.CurrentPositionAsync(uri);
        var options = CaptureRun.Options(uri, database, start);

        var ids = await CaptureWhileAsync(options, async seen =>
        {
            for (var i = 1; i <= Rows / 2; i++)
                await connection.ExecuteAsync($"INSERT INTO s VALUES ({i})");
            Assert.True(await Eventually.TrueWithinAsync(() => seen.Count >= Rows / 2, TimeSpan.FromSeconds(30)));
            var before = proxy.ConnectionCount;
            proxy.FreezeOpenConnections();
            for (var i = Rows / 2 + 1; i <= Rows; i++)
                await connection.ExecuteAsync($"INSERT INTO s VALUES ({i})");

            // Heartbeats every 0.5 s: silence is declared after about 4 s and a new connection opens.
            Assert.True(await Eventually.TrueWithinAsync(() => proxy.ConnectionCount > before, TimeSpan.FromSeconds(30)), "no reconnection after the stream went silent");
        });

        Assert.Equal(Enumerable.Range(1, Rows).Select(static i => (long)i), ids);
    }

    [Fact]
    public async Task A_source_server_restart_is_survived_without_losing_or_repeating_a_transaction()
    {
        await using var directory = Tandem.Sandbox.SandboxDirectory.Create();
        await using var server = await Tandem.Sandbox.LocalMariaDb.StartAsync(directory, new Tandem.Sandbox.LocalMariaDbOptions { Name = "restarted" }, CancellationToken.None);
        var uri = $"{server.Uri}/restart";
        await server.ExecuteSqlAsync("CREATE DATABASE restart; CREATE TABLE restart.t (id INT PRIMARY KEY)", CancellationToken.None);
        var start = await CaptureRun.CurrentPositionAsync(uri);
        var options = CaptureRun.Options(uri, "restart", start);

        var ids = await CaptureWhileAsync(options, async seen =>
        {
            await using (var connection = await MySqlConnection.OpenAsync(uri))
            {
                for (var i = 1; i <= Rows / 2; i++)
                    await connection.ExecuteAsync($"INSERT INTO t VALUES ({i})");
            }

            Assert.True(await Eventually.TrueWithinAsync(() => { lock (seen) return seen.Count >= Rows / 2; }, TimeSpan.FromSeconds(30)));
            await server.RestartAsync(CancellationToken.None);
            await using var after = await MySqlConnection.OpenAsync(uri);
            for (var i = Rows / 2 + 1; i <= Rows; i++)
                await after.ExecuteAsync($"INSERT INTO t VALUES ({i})");
        });

        Assert.Equal(Enumerable.Range(1, Rows).Select(static i => (long)i), ids);
    }

    /// <summary>Captures inserted ids while <paramref name="act"/> runs, until all <see cref="Rows"/> have arrived.</summary>
    private static async Task<List<long>> CaptureWhileAsync(BinlogCaptureOptions options, Func<List<long>, Task> act)
    {
        var seen = new List<long>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var capture = new BinlogCapture(options, NullLogger.Instance);
        var reading = Task.Run(async () =>
        {
            await foreach (var transaction in capture.ReadAsync(false, deadline.Token))
            {
                await foreach (var change in transaction.ReadChangesAsync(deadline.Token))
                {
                    lock (seen)
                        seen.Add((long)((RowChange)change).After![0]!);
                }

                lock (seen)
                {
                    if (seen.Count >= Rows)
                        return;
                }
            }
        });

        await act(seen);
        await reading.WaitAsync(deadline.Token);
        lock (seen)
            return [.. seen];
    }
}
