using System.Collections.Concurrent;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Client;

[Collection(MariaDbCollection.Name)]
public sealed class PoolTests(MariaDbFixture db)
{
    [Fact]
    public async Task Thirty_two_concurrent_users_share_a_bounded_pool_correctly()
    {
        var database = await db.CreateDatabaseAsync("pool");
        await using var pool = new MySqlConnectionPool(MySqlConnectionOptions.Parse($"{db.Server.Uri}/{database}"), maxSize: 8);
        await using (var lease = await pool.RentAsync())
        {
            await lease.Connection.ExecuteAsync("CREATE TABLE hits (user INT, n INT, PRIMARY KEY (user, n))");
        }

        var connectionIds = new ConcurrentDictionary<uint, int>();
        var maxOpen = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 32), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (user, ct) =>
        {
            for (var n = 0; n < 25; n++)
            {
                await using var lease = await pool.RentAsync(ct);
                connectionIds.AddOrUpdate(lease.Connection.ConnectionId, 1, (_, c) => c + 1);
                InterlockedMax(ref maxOpen, pool.OpenCount);
                var echoed = await lease.Connection.QueryScalarAsync($"SELECT {user} * 1000 + {n}", ct);
                Assert.Equal((long)((user * 1000) + n), echoed);
                await lease.Connection.ExecuteAsync($"INSERT INTO hits VALUES ({user}, {n})", ct);
            }
        });

        await using (var lease = await pool.RentAsync())
        {
            Assert.Equal(800L, await lease.Connection.QueryScalarAsync("SELECT COUNT(*) FROM hits"));
        }

        Assert.InRange(maxOpen, 1, 8);
        Assert.InRange(connectionIds.Count, 1, 8);
    }

    [Fact]
    public async Task A_rented_connection_comes_back_with_a_clean_session()
    {
        await using var pool = new MySqlConnectionPool(MySqlConnectionOptions.Parse(db.Server.Uri), maxSize: 1);
        await using (var lease = await pool.RentAsync())
        {
            await lease.Connection.ExecuteAsync("SET @left_behind = 'x'");
        }

        await using (var lease = await pool.RentAsync())
        {
            Assert.Null(await lease.Connection.QueryScalarAsync("SELECT @left_behind"));
            Assert.Equal("😀", await lease.Connection.QueryScalarAsync("SELECT '😀'"));
        }
    }

    [Fact]
    public async Task A_connection_killed_while_idle_is_replaced_on_rent()
    {
        await using var pool = new MySqlConnectionPool(MySqlConnectionOptions.Parse(db.Server.Uri), maxSize: 1);
        uint first;
        await using (var lease = await pool.RentAsync())
        {
            first = lease.Connection.ConnectionId;
        }

        await db.Server.ExecuteSqlAsync($"KILL CONNECTION {first}", CancellationToken.None);
        await using (var lease = await pool.RentAsync())
        {
            Assert.NotEqual(first, lease.Connection.ConnectionId);
            Assert.Equal(1L, await lease.Connection.QueryScalarAsync("SELECT 1"));
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
