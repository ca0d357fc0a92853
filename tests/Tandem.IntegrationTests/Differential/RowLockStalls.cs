using System.Globalization;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// Another application on a replica's server that locks a few hot rows now and then (<c>SELECT ... FOR UPDATE</c>, held
/// for up to 1.5 s, then rolled back): whatever applies changes there stalls on those rows while its other work goes on,
/// which is when changes of one row applied out of order show. It changes no data. The choices come from the seed.
/// </summary>
internal static class RowLockStalls
{
    /// <summary>Locks and releases rows of <paramref name="database"/> on the server until cancelled; waits for the tables to exist.</summary>
    public static async Task RunAsync(string uri, string database, int seed, CancellationToken ct)
    {
        var random = new Random(unchecked(seed ^ 0x7374616C));
        try
        {
            await using var connection = await MySqlConnection.OpenAsync(uri, ct);
            await connection.ExecuteAsync("SET NAMES utf8mb4", ct);
            await connection.ExecuteAsync("SET SESSION innodb_lock_wait_timeout = 1", ct);
            while (!ct.IsCancellationRequested)
            {
                var ids = string.Join(", ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(1, DifferentialSchema.HotAccounts + 1)));
                var cell = random.Next(1, 7);
                var hold = TimeSpan.FromMilliseconds(random.Next(100, 1_500));
                var pause = TimeSpan.FromMilliseconds(random.Next(0, 500));
                var qualified = SqlLiteral.QuoteIdentifier(database);
                try
                {
                    await connection.ExecuteAsync("BEGIN", ct);
                    await Drain(connection, $"SELECT id FROM {qualified}.acct WHERE id IN ({ids}) FOR UPDATE", ct);
                    if (random.Next(2) == 0)
                        await Drain(connection, string.Create(CultureInfo.InvariantCulture, $"SELECT r FROM {qualified}.cell WHERE r = {cell} FOR UPDATE"), ct);
                    await Task.Delay(hold, ct);
                }
                catch (MySqlServerException ex) when (ex.ErrorCode is 1146 or 1049 or 1205 or 1213)
                {
                    // The copy has not created the tables yet, or a writer holds the rows: try again later.
                }
                finally
                {
                    if (!ct.IsCancellationRequested)
                        await connection.ExecuteAsync("ROLLBACK", ct);
                }

                await Task.Delay(pause, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task Drain(MySqlConnection connection, string query, CancellationToken ct)
    {
        await using var reader = await connection.QueryAsync(query, ct);
        while (await reader.ReadAsync(ct))
        {
        }
    }
}
