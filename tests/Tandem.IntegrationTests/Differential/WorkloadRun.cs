using System.Diagnostics;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// Runs a <see cref="WorkloadGenerator"/>'s sessions concurrently on the source, one connection each, so the binlog
/// interleaves them. Refusals the workload provokes (duplicate keys, foreign keys) follow the transaction's
/// <see cref="RefusalPolicy"/>; deadlocks and lock wait timeouts roll back and retry it. Any other error is a fault of
/// the workload and fails the run. The source ends where it ends: it is the truth the target is compared with.
/// </summary>
internal static class WorkloadRun
{
    private const int Attempts = 5;

    /// <summary>ER_DUP_ENTRY, ER_DUP_KEY, ER_DUP_ENTRY_WITH_KEY_NAME, ER_ROW_IS_REFERENCED_2, ER_NO_REFERENCED_ROW_2.</summary>
    private static readonly HashSet<int> Refusals = [1062, 1022, 1586, 1451, 1452];

    /// <summary>ER_LOCK_DEADLOCK (the server rolled the transaction back), ER_LOCK_WAIT_TIMEOUT (it undid the statement).</summary>
    private static readonly HashSet<int> Conflicts = [1213, 1205];

    public static async Task<WorkloadStats> RunAsync(string uri, string database, WorkloadGenerator generator, WorkloadShape shape, CancellationToken ct)
    {
        var stats = new WorkloadStats();
        var clock = Stopwatch.StartNew();
        var sessions = Enumerable.Range(0, shape.Sessions)
            .Select(session => Task.Run(() => RunSessionAsync(uri, database, generator, session, shape, clock, stats, ct), ct))
            .ToList();
        await Task.WhenAll(sessions);
        return stats;
    }

    private static async Task RunSessionAsync(
        string uri, string database, WorkloadGenerator generator, int session, WorkloadShape shape, Stopwatch clock, WorkloadStats stats, CancellationToken ct)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri, ct);
        await connection.ExecuteAsync("SET NAMES utf8mb4", ct);
        await connection.ExecuteAsync("SET SESSION innodb_lock_wait_timeout = 2", ct);
        await connection.ExecuteAsync($"USE {SqlLiteral.QuoteIdentifier(database)}", ct);
        var index = 0;
        foreach (var transaction in generator.Session(session))
        {
            if (clock.Elapsed >= shape.Duration && index >= shape.LeastTransactionsPerSession)
                return;
            ct.ThrowIfCancellationRequested();
            try
            {
                await RunTransactionAsync(connection, transaction, stats, ct);
            }
            catch (MySqlException ex)
            {
                throw new InvalidOperationException(
                    $"the workload of seed {generator.Seed} failed in session {session}, transaction {index}: {transaction}", ex);
            }

            stats.CountTransaction(session);
            index++;
            await Task.Delay(shape.Pause, ct);
        }
    }

    private static async Task RunTransactionAsync(MySqlConnection connection, WorkloadTransaction transaction, WorkloadStats stats, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                stats.Count(transaction.Kind, await TryOnceAsync(connection, transaction, stats, ct));
                return;
            }
            catch (MySqlServerException ex) when (Conflicts.Contains(ex.ErrorCode))
            {
                stats.CountError(ex.ErrorCode);
                stats.Count(transaction.Kind, WorkloadStats.Retried);
                await connection.ExecuteAsync("ROLLBACK", ct);
            }
        }

        stats.Count(transaction.Kind, WorkloadStats.GaveUp);
    }

    /// <summary>Runs the transaction once; returns its outcome, or throws a conflict for the caller to retry.</summary>
    private static async Task<string> TryOnceAsync(MySqlConnection connection, WorkloadTransaction transaction, WorkloadStats stats, CancellationToken ct)
    {
        await connection.ExecuteAsync("BEGIN", ct);
        foreach (var statement in transaction.Statements)
        {
            try
            {
                await connection.ExecuteAsync(statement, ct);
            }
            catch (MySqlServerException ex) when (Refusals.Contains(ex.ErrorCode))
            {
                stats.CountError(ex.ErrorCode);
                if (transaction.OnRefusal == RefusalPolicy.RollBack)
                {
                    await connection.ExecuteAsync("ROLLBACK", ct);
                    return WorkloadStats.Refused;
                }
            }
        }

        if (transaction.End == TransactionEnd.Rollback)
        {
            await connection.ExecuteAsync("ROLLBACK", ct);
            return WorkloadStats.RolledBack;
        }

        await connection.ExecuteAsync("COMMIT", ct);
        return WorkloadStats.Committed;
    }
}
