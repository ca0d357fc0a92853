using System.Diagnostics;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Client;

[Collection(MariaDbCollection.Name)]
public sealed class CancellationTests(MariaDbFixture db)
{
    [Fact]
    public async Task Cancelling_a_long_query_kills_it_and_keeps_the_connection_usable()
    {
        await using var connection = await MySqlConnection.OpenAsync(db.Server.Uri);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ExecuteAsync("SELECT SLEEP(60)", cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"cancel took {watch.Elapsed}");

        Assert.Equal(7L, await connection.QueryScalarAsync("SELECT 7"));
        Assert.Equal(1L, await connection.QueryScalarAsync($"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {connection.ConnectionId}"));
    }

    [Fact]
    public async Task Cancelling_while_streaming_rows_stops_the_result()
    {
        var database = await db.CreateDatabaseAsync("cancel");
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{database}");
        using var cancel = new CancellationTokenSource();
        var rows = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await using var reader = await connection.QueryAsync("SELECT seq, SLEEP(0.001) FROM seq_1_to_1000000", cancel.Token);
            while (await reader.ReadAsync(cancel.Token))
            {
                if (++rows == 10)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.InRange(rows, 10, 999_999);
        Assert.Equal(1L, await connection.QueryScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task Kill_query_from_another_task_interrupts_with_error_1317()
    {
        await using var connection = await MySqlConnection.OpenAsync(db.Server.Uri);
        var running = connection.ExecuteAsync("SELECT SLEEP(60)");
        await using var observer = await MySqlConnection.OpenAsync(db.Server.Uri);
        Assert.True(await WaitUntilRunningAsync(observer, connection.ConnectionId));
        await connection.KillQueryAsync();
        var ex = await Assert.ThrowsAsync<MySqlServerException>(() => running);
        Assert.Equal(1317, ex.ErrorCode);
    }

    private static async Task<bool> WaitUntilRunningAsync(MySqlConnection observer, uint id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var state = await observer.QueryScalarAsync($"SELECT INFO FROM information_schema.PROCESSLIST WHERE ID = {id}");
            if (state is string info && info.Contains("SLEEP", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}
