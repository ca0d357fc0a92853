using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Client;

/// <summary>
/// A token that cuts a socket call short (a send the server does not take, a reply that does not come) surfaces as
/// cancellation, not as a lost connection; the connection is broken all the same, so it is never used again and a pool
/// drops it. A frozen proxy holds the bytes, so the cut always lands mid-I/O.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class CancelledIoTests(MariaDbFixture db)
{
    private static readonly TimeSpan CancelAfter = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_send_cut_by_the_token_is_a_cancellation_and_the_next_command_reconnects()
    {
        await using var proxy = new LoopbackProxy(db.Server.Port);
        await using var connection = await MySqlConnection.OpenAsync($"mysql://root@127.0.0.1:{proxy.Port}");
        var before = connection.ConnectionId;
        proxy.FreezeOpenConnections();

        // Far more than the socket buffers between here and the frozen proxy hold, so the send blocks part way.
        var sql = $"SELECT LENGTH('{new string('x', 32 << 20)}')";
        using var cancel = new CancellationTokenSource(CancelAfter);
        var ex = await Record.ExceptionAsync(() => connection.ExecuteAsync(sql, cancel.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        Assert.Equal(cancel.Token, ((OperationCanceledException)ex).CancellationToken);
        Assert.Contains("sending to", ex.Message, StringComparison.Ordinal);
        Assert.True(connection.IsBroken, "a connection cut mid-packet must not be used again");

        Assert.Equal(1L, await connection.QueryScalarAsync("SELECT 1"));
        Assert.NotEqual(before, connection.ConnectionId);
    }

    [Fact]
    public async Task A_command_cancelled_before_it_is_sent_leaves_the_connection_usable()
    {
        await using var connection = await MySqlConnection.OpenAsync(db.Server.Uri);
        var before = connection.ConnectionId;
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ExecuteAsync("SELECT 1", cancel.Token));

        Assert.False(connection.IsBroken, "nothing was sent, so the connection is still in step");
        Assert.Equal(2L, await connection.QueryScalarAsync("SELECT 2"));
        Assert.Equal(before, connection.ConnectionId);
    }

    [Fact]
    public async Task A_read_cut_by_the_token_is_a_cancellation_and_the_pool_discards_the_connection()
    {
        await using var proxy = new LoopbackProxy(db.Server.Port);
        await using var pool = new MySqlConnectionPool(MySqlConnectionOptions.Parse($"mysql://root@127.0.0.1:{proxy.Port}"), maxSize: 2);
        uint first;
        await using (var lease = await pool.RentAsync())
        {
            first = lease.Connection.ConnectionId;
            proxy.FreezeOpenConnections();

            // COM_PING goes out whole; its OK never comes back, so the read is what the token cuts.
            using var cancel = new CancellationTokenSource(CancelAfter);
            var ex = await Record.ExceptionAsync(() => lease.Connection.PingAsync(cancel.Token));

            Assert.IsAssignableFrom<OperationCanceledException>(ex);
            Assert.Contains("reading from", ex.Message, StringComparison.Ordinal);
            Assert.True(lease.Connection.IsBroken);
        }

        Assert.Equal(0, pool.IdleCount);
        Assert.Equal(0, pool.OpenCount);
        await using var next = await pool.RentAsync();
        Assert.NotEqual(first, next.Connection.ConnectionId);
        Assert.Equal(3L, await next.Connection.QueryScalarAsync("SELECT 3"));
    }
}
