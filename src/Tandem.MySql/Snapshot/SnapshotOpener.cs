using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// Opens <see cref="SourceSnapshot"/>s: the snapshot transactions start under a brief FLUSH TABLES WITH READ LOCK, with
/// the position read under it, as mysqldump --single-transaction --master-data does. The lock-free way (MariaDB only,
/// <see cref="SnapshotLocking.Never"/>) starts them at once and keeps them when their binlog_snapshot_file/position
/// agree (https://mariadb.com/kb/en/enhancements-for-start-transaction-with-consistent-snapshot/); under write load
/// that was seen to yield snapshots not matching the position they reported, so it is no longer the default.
/// </summary>
internal static class SnapshotOpener
{
    /// <summary>Raw bytes in UTC with no SQL mode in the way: what every reader of source rows (the copy, a verification) sets.</summary>
    public const string SessionSetup =
        "SET SESSION character_set_results = binary, time_zone = '+00:00', sql_mode = '', net_write_timeout = 3600, net_read_timeout = 3600";

    public static async Task<SourceSnapshot> OpenAsync(FullCopyOptions options, int count, ILogger logger, CancellationToken ct)
    {
        var connections = new MySqlConnection[count];
        try
        {
            var opened = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => OpenOneAsync(options.Source, ct))).ConfigureAwait(false);
            opened.CopyTo(connections, 0);
            var ids = connections.Select(static c => c.ConnectionId).ToArray();
            var lockFree = connections[0].IsMariaDb && options.Locking == SnapshotLocking.Never;
            if (lockFree)
            {
                for (var attempt = 1; attempt <= options.SnapshotAttempts; attempt++)
                {
                    var position = await TryLockFreeAsync(connections, ids, ct).ConfigureAwait(false);
                    if (position is not null)
                        return new SourceSnapshot(connections, ids, position);
                }

                throw new TandemException(
                    $"could not take a consistent snapshot of {options.Source.DisplayName} without a lock: writes kept committing between the {count} snapshot transactions in {options.SnapshotAttempts} attempts",
                    "retry when the source is less busy, use fewer copy threads, or allow a brief global read lock (snapshot locking: auto)");
            }

            var locked = await UnderReadLockAsync(connections, ids, logger, ct).ConfigureAwait(false);
            return new SourceSnapshot(connections, ids, locked);
        }
        catch
        {
            foreach (var connection in connections)
            {
                if (connection is not null)
                    await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private static async Task<MySqlConnection> OpenOneAsync(MySqlConnectionOptions options, CancellationToken ct)
    {
        var connection = await MySqlConnection.OpenAsync(options with { Database = null }, ct).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(SessionSetup, ct).ConfigureAwait(false);
            await connection.ExecuteAsync("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The shared snapshot's position, or null (the transactions rolled back) when a commit fell between them.</summary>
    private static async Task<BinlogPosition?> TryLockFreeAsync(MySqlConnection[] connections, uint[] ids, CancellationToken ct)
    {
        await Task.WhenAll(connections.Select((c, i) => StartSnapshotAsync(c, ids[i], ct))).ConfigureAwait(false);
        var positions = await Task.WhenAll(connections.Select((c, i) => ReadSnapshotPositionAsync(c, ids[i], ct))).ConfigureAwait(false);
        if (positions.All(p => p == positions[0]))
        {
            var (file, offset) = positions[0];
            var gtids = await GtidAtAsync(connections[0], ids[0], file, offset, ct).ConfigureAwait(false);
            return new BinlogPosition(file, offset, gtids);
        }

        await Task.WhenAll(connections.Select((c, i) => PinnedSession.ExecuteAsync(c, ids[i], "ROLLBACK", ct))).ConfigureAwait(false);
        return null;
    }

    private static Task<MySqlResult> StartSnapshotAsync(MySqlConnection connection, uint id, CancellationToken ct) =>
        PinnedSession.ExecuteAsync(connection, id, "START TRANSACTION WITH CONSISTENT SNAPSHOT", ct);

    private static async Task<(string File, long Offset)> ReadSnapshotPositionAsync(MySqlConnection connection, uint id, CancellationToken ct)
    {
        string? file = null;
        long? offset = null;
        var reader = await PinnedSession.QueryAsync(connection, id, "SHOW SESSION STATUS LIKE 'binlog_snapshot_%'", ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var name = reader.GetString(0);
                var value = reader.GetString(1);
                if (string.Equals(name, "Binlog_snapshot_file", StringComparison.OrdinalIgnoreCase))
                    file = value;
                else if (string.Equals(name, "Binlog_snapshot_position", StringComparison.OrdinalIgnoreCase) && long.TryParse(value, CultureInfo.InvariantCulture, out var o))
                    offset = o;
            }
        }

        if (string.IsNullOrEmpty(file) || offset is null)
        {
            throw new TandemException(
                $"{connection.Options.DisplayName} reports no binlog position for its snapshot: binary logging is off",
                "start the source with log_bin and binlog_format=ROW; 'tandem check' lists every setting replication needs");
        }

        return (file, offset.Value);
    }

    private static async Task<BinlogPosition> UnderReadLockAsync(MySqlConnection[] connections, uint[] ids, ILogger logger, CancellationToken ct)
    {
        var first = connections[0];
        // Behind a long query FTWRL would queue, and every write on the source would queue behind it: give up soon instead.
        await PinnedSession.ExecuteAsync(first, ids[0], "SET SESSION lock_wait_timeout = 10", ct).ConfigureAwait(false);
        await PinnedSession.ExecuteAsync(first, ids[0], "FLUSH TABLES WITH READ LOCK", ct).ConfigureAwait(false);
        var held = Stopwatch.StartNew();
        BinlogPosition position;
        try
        {
            await Task.WhenAll(connections.Select((c, i) => StartSnapshotAsync(c, ids[i], ct))).ConfigureAwait(false);
            var (file, offset, executed) = await SourceStatus.ReadAsync(first, ct).ConfigureAwait(false);
            PinnedSession.EnsureSame(first, ids[0]);
            string? gtids;
            if (first.IsMariaDb)
            {
                gtids = await GtidAtAsync(first, ids[0], file, offset, ct).ConfigureAwait(false);
            }
            else
            {
                var reader = await PinnedSession.QueryAsync(first, ids[0], "SELECT @@GLOBAL.gtid_executed", ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                    gtids = await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetString(0) : executed;
                gtids = string.IsNullOrWhiteSpace(gtids) ? null : gtids.Replace("\n", string.Empty, StringComparison.Ordinal);
            }

            position = new BinlogPosition(file, offset, gtids);
        }
        finally
        {
            await PinnedSession.ExecuteAsync(first, ids[0], "UNLOCK TABLES", CancellationToken.None).ConfigureAwait(false);
        }

        logger.LogInformation(
            "Held a global read lock (FLUSH TABLES WITH READ LOCK) on {Source} for {Milliseconds} ms to start the snapshot at {Position}",
            first.Options.DisplayName, held.ElapsedMilliseconds, position);
        return position;
    }

    /// <summary>BINLOG_GTID_POS on a snapshot connection, which must still be the session the snapshot was taken on.</summary>
    private static async Task<string?> GtidAtAsync(MySqlConnection connection, uint id, string file, long offset, CancellationToken ct)
    {
        PinnedSession.EnsureSame(connection, id);
        var gtids = await SourceStatus.MariaDbGtidAtAsync(connection, file, offset, ct).ConfigureAwait(false);
        PinnedSession.EnsureSame(connection, id);
        return gtids;
    }
}
