using System.Diagnostics;
using System.Globalization;
using Tandem.MySql.Protocol;
using static Tandem.Bench.BenchLog;

namespace Tandem.Bench;

/// <summary>
/// MariaDB's own replication, set up on the target as a DBA would for a replica started from a copy at a known GTID:
/// <c>SET GLOBAL gtid_slave_pos</c>, <c>CHANGE MASTER TO ... MASTER_USE_GTID=slave_pos</c>, <c>START SLAVE</c>, with
/// <c>slave_parallel_threads</c> 0 (one SQL thread) or N (and <c>slave_parallel_mode=optimistic</c>, set explicitly
/// although it is 10.11's default). root over TCP without a password is the replication user (the sandbox grants it).
/// </summary>
internal static class NativeReplica
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(30);

    public static string Describe(int parallelThreads) =>
        parallelThreads == 0 ? "slave_parallel_threads=0" : $"slave_parallel_threads={parallelThreads}, slave_parallel_mode=optimistic";

    public static async Task StartAsync(MySqlConnection target, int sourcePort, GtidList from, int parallelThreads, CancellationToken ct)
    {
        await ResetAsync(target, ct);
        await target.ExecuteAsync($"SET GLOBAL gtid_slave_pos = '{from.Text}'", ct);
        await target.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"SET GLOBAL slave_parallel_threads = {parallelThreads}"), ct);
        await target.ExecuteAsync("SET GLOBAL slave_parallel_mode = 'optimistic'", ct);
        await target.ExecuteAsync(string.Create(CultureInfo.InvariantCulture,
            $"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={sourcePort}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos"), ct);
        await target.ExecuteAsync("START SLAVE", ct);
    }

    /// <summary>
    /// Master-master, as a DBA sets up active-active MariaDB: each server a replica of the other (the statements of
    /// <see cref="StartAsync"/> on both), from where the other's binlog stands now, so both must be quiet and hold the
    /// same data. Each server's <c>gtid_slave_pos</c> is both servers' <c>gtid_binlog_pos</c> together: the other's
    /// domain says where to start reading it, its own domain is what MariaDB demands of a replica with a binlog
    /// (the servers' domains differ: <see cref="BenchServers.StartBinlogPairAsync"/>).
    /// </summary>
    public static async Task StartMutualAsync(MySqlConnection a, int aPort, MySqlConnection b, int bPort, int parallelThreads, CancellationToken ct)
    {
        await ResetAsync(a, ct);
        await ResetAsync(b, ct);
        var both = (await BinlogPositionAsync(a, ct)).Union(await BinlogPositionAsync(b, ct));
        await StartAsync(a, bPort, both, parallelThreads, ct);
        await StartAsync(b, aPort, both, parallelThreads, ct);
    }

    /// <summary>Stops replication and forgets the source, so the next contender starts from nothing.</summary>
    public static async Task ResetAsync(MySqlConnection target, CancellationToken ct)
    {
        await target.ExecuteAsync("STOP SLAVE", ct);
        await target.ExecuteAsync("RESET SLAVE ALL", ct);
    }

    public static async Task<GtidList> SlavePositionAsync(MySqlConnection target, CancellationToken ct) =>
        new(Convert.ToString(await target.QueryScalarAsync("SELECT @@GLOBAL.gtid_slave_pos", ct), CultureInfo.InvariantCulture) ?? string.Empty);

    public static async Task<GtidList> BinlogPositionAsync(MySqlConnection source, CancellationToken ct) =>
        new(Convert.ToString(await source.QueryScalarAsync("SELECT @@GLOBAL.gtid_binlog_pos", ct), CultureInfo.InvariantCulture) ?? string.Empty);

    /// <summary>
    /// Polls the replica's <c>@@gtid_slave_pos</c> every 10 ms until it reaches <paramref name="to"/>; throws when its
    /// replication stopped on an error or <paramref name="timeout"/> passed, and says where it stands every 30 s.
    /// </summary>
    public static async Task WaitForAsync(MySqlConnection replica, GtidList to, TimeSpan timeout, CancellationToken ct, string label = "native replication")
    {
        var clock = Stopwatch.StartNew();
        var said = TimeSpan.Zero;
        GtidList position;
        for (var polls = 1; !(position = await SlavePositionAsync(replica, ct)).HasReached(to); polls++)
        {
            if (polls % 100 == 0)
            {
                await ThrowIfBrokenAsync(replica, ct);
                if (clock.Elapsed > timeout)
                    throw new TimeoutException($"{label} did not reach GTID {to} within {timeout.TotalMinutes:0} minutes");
            }

            if (clock.Elapsed - said > ProgressEvery)
            {
                said = clock.Elapsed;
                Log($"{label} at GTID {position}, waiting for {to}");
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>Throws with the replica's own error when its IO or SQL thread stopped on one.</summary>
    public static async Task ThrowIfBrokenAsync(MySqlConnection target, CancellationToken ct)
    {
        await using var reader = await target.QueryAsync("SHOW SLAVE STATUS", ct);
        if (!await reader.ReadAsync(ct))
            throw new InvalidOperationException("the target is no replica (SHOW SLAVE STATUS is empty)");
        var io = reader.GetString(reader.GetOrdinal("Slave_IO_Running"));
        var sql = reader.GetString(reader.GetOrdinal("Slave_SQL_Running"));
        var ioError = reader.GetString(reader.GetOrdinal("Last_IO_Error"));
        var sqlError = reader.GetString(reader.GetOrdinal("Last_SQL_Error"));
        if (sql != "Yes" || (io != "Yes" && io != "Connecting"))
            throw new InvalidOperationException($"native replication stopped: IO thread {io} ({ioError}), SQL thread {sql} ({sqlError})");
    }
}
