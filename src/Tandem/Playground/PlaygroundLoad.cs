using System.Globalization;
using Tandem.MySql.Protocol;

namespace Tandem.Cli.Playground;

/// <summary>
/// A light write load on the playground's source, shaped like sysbench's oltp_write_only (per transaction: an
/// indexed update, a non-indexed update, a delete and an insert of the same id), at a fixed rate.
/// </summary>
internal static class PlaygroundLoad
{
    public static async Task RunAsync(string sourceUri, int tables, int rows, int transactionsPerSecond, CancellationToken ct)
    {
        var connection = await MySqlConnection.OpenAsync(sourceUri, ct);
        await using (connection.ConfigureAwait(false))
        {
            var random = new Random();
            var bytes = new byte[40];
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / transactionsPerSecond));
            try
            {
                while (await timer.WaitForNextTickAsync(ct))
                {
                    var table = string.Create(CultureInfo.InvariantCulture, $"{PlaygroundDataset.Database}.sbtest{random.Next(1, tables + 1)}");
                    var id = random.Next(1, rows + 1);
                    random.NextBytes(bytes);
                    var c = Convert.ToHexString(bytes).ToLowerInvariant();
                    await connection.ExecuteAsync("START TRANSACTION", ct);
                    await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"UPDATE {table} SET k = k + 1 WHERE id = {id}"), ct);
                    await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"UPDATE {table} SET c = '{c}' WHERE id = {id}"), ct);
                    await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"DELETE FROM {table} WHERE id = {id}"), ct);
                    await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO {table} (id, k, c, pad) VALUES ({id}, {random.Next(1, rows + 1)}, '{c}', '{c[..59]}')"), ct);
                    await connection.ExecuteAsync("COMMIT", ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
        }
    }
}
