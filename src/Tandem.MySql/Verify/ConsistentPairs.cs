using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tandem.Core.Verify;
using Tandem.MySql.Protocol;
using Tandem.MySql.Snapshot;

namespace Tandem.MySql.Verify;

/// <summary>
/// Consistent mode: the two sides in snapshots at one source position P. The task is paused at a transaction
/// boundary; the source's snapshot connections open at P (under a brief global read lock); the task applies exactly up to P and
/// holds; the target's snapshot connections open; the task is released. Every read of the run, narrowing included,
/// then happens inside those snapshots, so changes in flight cannot show as differences.
/// </summary>
internal static class ConsistentPairs
{
    public static async Task<SessionPairs> OpenAsync(
        MySqlVerifyOptions options, QueryCounter sourceQueries, QueryCounter targetQueries, VerifyReport report, ILogger logger, CancellationToken ct)
    {
        var task = options.Task ?? throw new ArgumentException("consistent mode needs a task", nameof(options));
        var (snapshot, targets) = await OpenAtOnePositionAsync(options, task, options.Threads, logger, ct).ConfigureAwait(false);
        report.Position = snapshot.Position.ToString();
        var pairs = Enumerable.Range(0, snapshot.Count)
            .Select(i => (VerifySession.Pinned(options.Source, snapshot.Connection(i), sourceQueries), VerifySession.Pinned(options.Target, targets[i], targetQueries)))
            .ToList();
        return SessionPairs.Opened(pairs, owned: null);
    }

    /// <summary>
    /// <paramref name="count"/> source connections in one snapshot at a position P, and as many target connections in
    /// snapshots taken while the task held its apply at exactly P.
    /// </summary>
    private static async Task<(SourceSnapshot Source, MySqlConnection[] Targets)> OpenAtOnePositionAsync(
        MySqlVerifyOptions options, string task, int count, ILogger logger, CancellationToken ct)
    {
        var paused = Stopwatch.StartNew();
        var (fence, snapshot) = await HeldSnapshot.OpenAsync(options, task, count, logger, ct).ConfigureAwait(false);
        await using (fence.ConfigureAwait(false))
        {
            var targets = new List<MySqlConnection>();
            try
            {
                targets.AddRange(await Task.WhenAll(Enumerable.Range(0, count).Select(_ => OpenTargetSnapshotAsync(options.Target, ct))).ConfigureAwait(false));
                await fence.ReleaseAsync(ct).ConfigureAwait(false);
                logger.LogInformation(
                    "task {Task} held its apply for {Milliseconds} ms while both sides opened snapshots at {Position}", task, paused.ElapsedMilliseconds, snapshot.Position);
                return (snapshot, [.. targets]);
            }
            catch
            {
                foreach (var target in targets)
                    await target.DisposeAsync().ConfigureAwait(false);
                await snapshot.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private static async Task<MySqlConnection> OpenTargetSnapshotAsync(MySqlConnectionOptions target, CancellationToken ct)
    {
        var connection = await VerifySession.OpenConnectionAsync(target, ct).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", ct).ConfigureAwait(false);
            await connection.ExecuteAsync("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
