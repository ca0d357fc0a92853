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
    public static async Task<double> RunAsync(string uri, int connections, int tableSize, TimeSpan duration, bool prepared, CancellationToken ct)
    {
        var opened = new MySqlConnection[connections];
        try
        {
            for (var i = 0; i < connections; i++)
                opened[i] = await MySqlConnection.OpenAsync(uri, ct);

            // Every loop starts together and stops at the same deadline; the clock covers exactly the loops.
            using var start = new SemaphoreSlim(0, connections);
            var stopwatch = new Stopwatch();
            var loops = opened.Select(connection => Task.Run(
                async () =>
                {
                    await start.WaitAsync(ct);
                    return prepared
                        ? await PreparedLoopAsync(connection, tableSize, stopwatch, duration, ct)
                        : await TextLoopAsync(connection, tableSize, stopwatch, duration, ct);
                },
                ct)).ToArray();
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
