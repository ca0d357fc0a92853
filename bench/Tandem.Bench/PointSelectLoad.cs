using System.Diagnostics;
using System.Globalization;
using Tandem.MySql.Protocol;

namespace Tandem.Bench;

/// <summary>
/// Tandem's side of oltp_point_select: each connection runs <c>SELECT c FROM sbtest1 WHERE id=?</c>
/// with a uniform random id, reads the row's value and the end of the result, then the next one.
/// </summary>
internal static class PointSelectLoad
{
    private const string Sql = "SELECT c FROM sbtest1 WHERE id=";

    /// <summary>Runs <paramref name="connections"/> loops for <paramref name="duration"/>; returns queries per second.</summary>
    /// <param name="blocking">
    /// Each connection on a dedicated thread with <c>io=blocking</c>, the C client's model (one thread blocked in recv per
    /// connection); otherwise async I/O on the thread pool.
    /// </param>
    public static async Task<double> RunAsync(string uri, int connections, int tableSize, TimeSpan duration, bool prepared, CancellationToken ct, bool blocking = false)
    {
        var opened = new MySqlConnection[connections];
        try
        {
            var connectUri = blocking ? uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "io=blocking" : uri;
            for (var i = 0; i < connections; i++)
                opened[i] = await MySqlConnection.OpenAsync(connectUri, ct);

            // Every loop starts together and stops at the same deadline; the clock covers exactly the loops.
            using var start = new SemaphoreSlim(0, connections);
            var stopwatch = new Stopwatch();
            async Task<long> LoopAsync(MySqlConnection connection)
            {
                await start.WaitAsync(ct);
                return prepared
                    ? await PreparedLoopAsync(connection, tableSize, stopwatch, duration, ct)
                    : await TextLoopAsync(connection, tableSize, stopwatch, duration, ct);
            }

            var loops = opened.Select(connection => blocking ? OnDedicatedThread(() => LoopAsync(connection)) : Task.Run(() => LoopAsync(connection), ct)).ToArray();
            stopwatch.Start();
            start.Release(connections);
            var counts = await Task.WhenAll(loops);
            stopwatch.Stop();
            return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var connection in opened)
            {
                if (connection is not null)
                    await connection.DisposeAsync();
            }
        }
    }

    private static Task<long> OnDedicatedThread(Func<Task<long>> loop)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                // With io=blocking every await below completes on this thread.
                done.SetResult(loop().GetAwaiter().GetResult());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "point-select",
        };
        thread.Start();
        return done.Task;
    }

    private static async Task<long> PreparedLoopAsync(MySqlConnection connection, int tableSize, Stopwatch clock, TimeSpan duration, CancellationToken ct)
    {
        var statement = await connection.PrepareAsync(Sql + "?", ct);
        await using (statement)
        {
            var values = new object?[1];
            long queries = 0;
            while (clock.Elapsed < duration)
            {
                values[0] = Random.Shared.Next(1, tableSize + 1);
                var reader = await statement.ExecuteQueryAsync(values, ct);
                await using (reader)
                    await ConsumeAsync(reader, ct);
                queries++;
            }

            return queries;
        }
    }

    private static async Task<long> TextLoopAsync(MySqlConnection connection, int tableSize, Stopwatch clock, TimeSpan duration, CancellationToken ct)
    {
        long queries = 0;
        while (clock.Elapsed < duration)
        {
            var id = Random.Shared.Next(1, tableSize + 1);
            var reader = await connection.QueryAsync(Sql + id.ToString(CultureInfo.InvariantCulture), ct);
            await using (reader)
                await ConsumeAsync(reader, ct);
            queries++;
        }

        return queries;
    }

    private static async Task ConsumeAsync(MySqlDataReader reader, CancellationToken ct)
    {
        var rows = 0;
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetValue(0) is null)
                throw new InvalidOperationException("sbtest1.c is never NULL");
            rows++;
        }

        if (rows != 1)
            throw new InvalidOperationException($"a point select returned {rows} rows");
    }
}
