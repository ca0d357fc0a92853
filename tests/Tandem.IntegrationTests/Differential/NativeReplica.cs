using System.Diagnostics;
using System.Globalization;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// MariaDB's own replication as the control of the differential test, set up as a DBA sets up a replica: GTID position,
/// <c>CHANGE MASTER TO ... MASTER_USE_GTID=slave_pos</c>, <c>START SLAVE</c>, with four optimistic parallel applier threads
/// as Tandem has four writers (https://mariadb.com/kb/en/parallel-replication/). root over TCP without a password is the
/// replication user, as the sandbox grants it.
/// </summary>
internal static class NativeReplica
{
    public static async Task StartAsync(string replicaUri, string sourceUri, int sourcePort, CancellationToken ct)
    {
        string position;
        await using (var source = await MySqlConnection.OpenAsync(sourceUri, ct))
            position = await GtidBinlogPositionAsync(source, ct);
        await using var replica = await MySqlConnection.OpenAsync(replicaUri, ct);
        await replica.ExecuteAsync($"SET GLOBAL gtid_slave_pos = {SqlLiteral.Quote(position)}", ct);
        await replica.ExecuteAsync("SET GLOBAL slave_parallel_threads = 4", ct);
        await replica.ExecuteAsync("SET GLOBAL slave_parallel_mode = 'optimistic'", ct);
        await replica.ExecuteAsync(string.Create(CultureInfo.InvariantCulture,
            $"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={sourcePort}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos"), ct);
        await replica.ExecuteAsync("START SLAVE", ct);
    }

    /// <summary>
    /// Waits until the replica has applied everything the source's binlog holds now (MASTER_GTID_WAIT, one second at a
    /// time), and throws with the replica's own error as soon as its replication stops.
    /// </summary>
    public static async Task UntilCaughtUpAsync(string replicaUri, string sourceUri, TimeSpan timeout, CancellationToken ct)
    {
        string position;
        await using (var source = await MySqlConnection.OpenAsync(sourceUri, ct))
            position = await GtidBinlogPositionAsync(source, ct);
        await using var replica = await MySqlConnection.OpenAsync(replicaUri, ct);
        var clock = Stopwatch.StartNew();
        while (Convert.ToInt64(await replica.QueryScalarAsync($"SELECT MASTER_GTID_WAIT({SqlLiteral.Quote(position)}, 1)", ct), CultureInfo.InvariantCulture) != 0)
        {
            await ThrowIfStoppedAsync(replica, ct);
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"native replication did not reach the source's GTID position {position} within {timeout}");
        }
    }

    private static async Task ThrowIfStoppedAsync(MySqlConnection replica, CancellationToken ct)
    {
        await using var reader = await replica.QueryAsync("SHOW SLAVE STATUS", ct);
        if (!await reader.ReadAsync(ct))
            throw new InvalidOperationException("the control server is no replica (SHOW SLAVE STATUS is empty)");
        var io = reader.GetString(reader.GetOrdinal("Slave_IO_Running"));
        var sql = reader.GetString(reader.GetOrdinal("Slave_SQL_Running"));
        if (sql != "Yes" || io is not ("Yes" or "Connecting"))
        {
            throw new InvalidOperationException(
                $"native replication stopped: IO thread {io} ({reader.GetString(reader.GetOrdinal("Last_IO_Error"))}), " +
                $"SQL thread {sql} ({reader.GetString(reader.GetOrdinal("Last_SQL_Error"))})");
        }
    }

    private static async Task<string> GtidBinlogPositionAsync(MySqlConnection source, CancellationToken ct) =>
        Convert.ToString(await source.QueryScalarAsync("SELECT @@GLOBAL.gtid_binlog_pos", ct), CultureInfo.InvariantCulture) ?? string.Empty;
}
