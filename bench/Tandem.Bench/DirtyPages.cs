using System.Diagnostics;
using System.Globalization;
using Tandem.MySql.Protocol;

namespace Tandem.Bench;

/// <summary>
/// Lets a server write out its dirty InnoDB pages before a timed run, so no contender pays for the background flushing
/// of the writes made before it (a load, a copy, another contender's results table).
/// </summary>
internal static class DirtyPages
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private const int FlushCapacity = 20_000;

    /// <summary>
    /// Sets innodb_max_dirty_pages_pct to 0 until Innodb_buffer_pool_pages_dirty is 0 (or two minutes pass), then back.
    /// innodb_io_capacity (and its maximum) are raised meanwhile: at the default 200 pages a second, writing out what a
    /// copy of a few hundred thousand rows leaves took a minute, with nothing running that the flushing could disturb.
    /// </summary>
    public static async Task FlushAsync(string uri, CancellationToken ct)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri, ct);
        var previous = Convert.ToString(await connection.QueryScalarAsync("SELECT @@GLOBAL.innodb_max_dirty_pages_pct", ct), CultureInfo.InvariantCulture);
        var capacity = Convert.ToString(await connection.QueryScalarAsync("SELECT @@GLOBAL.innodb_io_capacity", ct), CultureInfo.InvariantCulture);
        var capacityMax = Convert.ToString(await connection.QueryScalarAsync("SELECT @@GLOBAL.innodb_io_capacity_max", ct), CultureInfo.InvariantCulture);
        await connection.ExecuteAsync($"SET GLOBAL innodb_io_capacity_max = {FlushCapacity}", ct);
        await connection.ExecuteAsync($"SET GLOBAL innodb_io_capacity = {FlushCapacity}", ct);
        await connection.ExecuteAsync("SET GLOBAL innodb_max_dirty_pages_pct = 0", ct);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Limit)
        {
            await using var reader = await connection.QueryAsync("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'", ct);
            var dirty = await reader.ReadAsync(ct) ? Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture) : 0;
            await reader.DisposeAsync();
            if (dirty == 0)
                break;
            await Task.Delay(100, ct);
        }

        await connection.ExecuteAsync($"SET GLOBAL innodb_max_dirty_pages_pct = {previous}", ct);
        await connection.ExecuteAsync($"SET GLOBAL innodb_io_capacity = {capacity}", ct);
        await connection.ExecuteAsync($"SET GLOBAL innodb_io_capacity_max = {capacityMax}", ct);
    }
}
