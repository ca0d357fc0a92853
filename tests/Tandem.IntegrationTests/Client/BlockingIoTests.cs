using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Client;

/// <summary>io=blocking: the same behaviour as async I/O, with every wait a blocking socket call on the caller's thread.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class BlockingIoTests(MariaDbFixture db)
{
    [Theory]
    [InlineData("tls=disable")]
    [InlineData("tls=require")]
    public async Task Queries_and_repeated_prepared_executes_work(string tls)
    {
        var database = await db.CreateDatabaseAsync("blocking");
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{database}?io=blocking&{tls}");
        Assert.Equal(tls == "tls=require", connection.IsTls);
        await connection.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10)) DEFAULT CHARSET utf8mb4");
        await connection.ExecuteAsync("INSERT INTO t VALUES (1, 'one'), (2, '😀'), (3, NULL)");

        // Executes after the first skip unchanged definitions (MARIADB_CLIENT_CACHE_METADATA); values must still map right.
        await using var select = await connection.PrepareAsync("SELECT v, id FROM t WHERE id = ?");
        var seen = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var id in new[] { 1, 2, 3 })
            {
                await using var reader = await select.ExecuteQueryAsync(id);
                Assert.True(await reader.ReadAsync());
                Assert.Equal("v", reader.Columns[0].Name);
                Assert.Equal((long)id, reader.GetValue(1));
                seen.Add(reader.GetString(0) ?? "NULL");
            }
        }

        Assert.Equal(Enumerable.Repeat(new[] { "one", "😀", "NULL" }, 3).SelectMany(x => x), seen);
    }

    [Fact]
    public async Task Parameters_whose_types_change_between_executes_are_read_right()
    {
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/?io=blocking");
        await using var echo = await connection.PrepareAsync("SELECT ? IS NULL, CAST(? AS CHAR)");
        var seen = new List<string>();
        foreach (var value in new object?[] { 42, 43, null, "text", 7.5, "😀", 44UL })
        {
            await using var reader = await echo.ExecuteQueryAsync(value, value);
            Assert.True(await reader.ReadAsync());
            seen.Add($"{reader.GetValue(0)}:{reader.GetString(1) ?? "NULL"}");
        }

        Assert.Equal(["0:42", "0:43", "1:NULL", "0:text", "0:7.5", "0:😀", "0:44"], seen);
    }

    [Fact]
    public async Task Cancelling_a_blocked_query_still_kills_it()
    {
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/?io=blocking");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ExecuteAsync("SELECT SLEEP(60)", cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"cancel took {watch.Elapsed}");
        Assert.Equal(5L, await connection.QueryScalarAsync("SELECT 5"));
    }

    [Fact]
    public async Task Read_timeout_ends_a_blocked_read_with_a_connection_error()
    {
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/?io=blocking&read-timeout=500ms");
        var ex = await Assert.ThrowsAsync<MySqlConnectionException>(() => connection.ExecuteAsync("SELECT SLEEP(30)"));
        Assert.Contains("no answer within 0.5 s", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await connection.QueryScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task Connect_timeout_applies_to_a_listener_that_never_greets()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<MySqlConnectionException>(() => MySqlConnection.OpenAsync($"mysql://root@127.0.0.1:{port}/?io=blocking&connect-timeout=500ms"));
        Assert.Contains("did not complete the handshake", ex.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }
}
