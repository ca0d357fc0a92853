using System.Diagnostics;
using System.Globalization;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Faults;

/// <summary>
/// A write load that rides out the faults it is run beside: sessions committing oltp_write_only-shaped transactions
/// (an update of an indexed column, an update of a text column, a delete and the reinsert of the same key) at a steady
/// rate, each reconnecting after any error (the source restarting, a deadlock, a lost connection) and going on. Which
/// transactions committed does not matter: the test compares the target with what the source holds at the end.
/// </summary>
internal sealed class FaultLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _sessions;
    private long _committed;
    private long _failed;

    private FaultLoad(string uri, string database, int tables, int rows, int sessions, int transactionsPerSecond)
    {
        var interval = TimeSpan.FromSeconds(sessions / (double)transactionsPerSecond);
        _sessions = Enumerable.Range(0, sessions).Select(i => Task.Run(() => SessionAsync(uri, database, tables, rows, new Random(1000 + i), interval))).ToArray();
    }

    public long Committed => Interlocked.Read(ref _committed);

    public long Failed => Interlocked.Read(ref _failed);

    public static FaultLoad Start(string uri, string database, int tables, int rows, int sessions = 2, int transactionsPerSecond = 100) =>
        new(uri, database, tables, rows, sessions, transactionsPerSecond);

    /// <summary>Stops every session after its transaction in flight, if any.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_sessions);
    }

    public override string ToString() => $"{Committed} transactions committed, {Failed} failed and retried";

    private async Task SessionAsync(string uri, string database, int tables, int rows, Random random, TimeSpan interval)
    {
        MySqlConnection? connection = null;
        var pace = Stopwatch.StartNew();
        long done = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                connection ??= await MySqlConnection.OpenAsync($"{uri}/{database}", _stop.Token);
                var table = $"t{random.Next(1, tables + 1)}";
                var (a, b, c) = (random.Next(1, rows + 1), random.Next(1, rows + 1), random.Next(1, rows + 1));
                await connection.ExecuteAsync("BEGIN", _stop.Token);
                await connection.ExecuteAsync(Sql($"UPDATE {table} SET k = k + 1 WHERE id = {a}"), _stop.Token);
                await connection.ExecuteAsync(Sql($"UPDATE {table} SET c = '{random.NextInt64():x16}' WHERE id = {b}"), _stop.Token);
                await connection.ExecuteAsync(Sql($"DELETE FROM {table} WHERE id = {c}"), _stop.Token);
                await connection.ExecuteAsync(Sql($"INSERT INTO {table} (id, k, c, pad) VALUES ({c}, {random.Next()}, 'reinserted', 'p') ON DUPLICATE KEY UPDATE k = k + 1"), _stop.Token);
                await connection.ExecuteAsync("COMMIT", _stop.Token);
                Interlocked.Increment(ref _committed);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _failed);
                if (connection is not null)
                    await connection.DisposeAsync();
                connection = null;
                // Not a wait on a condition: a reconnecting client's pause between attempts, as an application's.
                await PauseAsync(TimeSpan.FromMilliseconds(250));
            }

            // Paced to a steady rate: each session's transactions start an interval apart; after an outage the pace
            // starts afresh instead of catching up in a burst.
            done++;
            var due = interval * done - pace.Elapsed;
            if (due > TimeSpan.Zero)
                await PauseAsync(due);
            else if (due < -TimeSpan.FromSeconds(1))
            {
                pace.Restart();
                done = 0;
            }
        }

        if (connection is not null)
            await connection.DisposeAsync();
    }

    private async Task PauseAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Sql(FormattableString sql) => sql.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
