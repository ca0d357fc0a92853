using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Tandem.MySql.Protocol;

namespace Tandem.Bench;

/// <summary>
/// The probes of one lag run: each probe's sequence number, when it was written (seconds into the run) and its lag in
/// milliseconds (infinite when the target never showed it).
/// </summary>
internal sealed record LagFigures(IReadOnlyList<(long Seq, double At, double LagMs)> Samples)
{
    public IReadOnlyList<double> LagsMs => [.. Samples.Where(s => !double.IsPositiveInfinity(s.LagMs)).Select(s => s.LagMs)];

    public int Missing => Samples.Count(s => double.IsPositiveInfinity(s.LagMs));

    public int Probes => LagsMs.Count + Missing;

    /// <summary>Nearest-rank percentile; a missing probe counts as an infinite lag.</summary>
    public double Percentile(double p)
    {
        var total = Probes;
        if (total == 0)
            return double.NaN;
        var rank = Math.Max(1, (int)Math.Ceiling(p / 100.0 * total));
        var sorted = LagsMs.Order().ToArray();
        return rank <= sorted.Length ? sorted[rank - 1] : double.PositiveInfinity;
    }

    public double Max => Missing > 0 ? double.PositiveInfinity : LagsMs.DefaultIfEmpty(double.NaN).Max();
}

/// <summary>
/// The replication lag a user would see, measured outside the replicator: every 100 ms the probe writes
/// <c>REPLACE INTO bench_probe.heartbeat VALUES (1, seq, NOW(6))</c> on the source (autocommit), noting the moment the
/// source acknowledged the commit, and a second connection polls the target every few milliseconds for the row's seq.
/// A probe's lag is the moment its seq (or a later one) was first seen on the target minus the moment its commit was
/// acknowledged, both on this process's monotonic clock. The poll interval (5 ms) bounds the resolution.
/// </summary>
internal static class LagProbe
{
    public const string Database = "bench_probe";
    public const string Table = "bench_probe.heartbeat";

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Creates the heartbeat table on the source (replicated like any other table).</summary>
    public static Task CreateAsync(string sourceUri, CancellationToken ct) => CreateAsync(sourceUri, Table, ct);

    /// <summary>
    /// Creates a heartbeat table of that name (<c>database.table</c>) on the source: one per direction where probes
    /// run both ways at once, each written on its own source only.
    /// </summary>
    public static async Task CreateAsync(string sourceUri, string table, CancellationToken ct)
    {
        await using var source = await MySqlConnection.OpenAsync(sourceUri, ct);
        await source.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {table[..table.IndexOf('.', StringComparison.Ordinal)]}", ct);
        await source.ExecuteAsync($"CREATE TABLE IF NOT EXISTS {table} (id INT NOT NULL PRIMARY KEY, seq BIGINT NOT NULL, written_at DATETIME(6) NOT NULL) ENGINE=InnoDB", ct);
    }

    /// <summary>
    /// Writes one heartbeat and waits until the target shows it: the replica has caught up with everything the source
    /// committed before it (for a replicator that applies in source order).
    /// </summary>
    public static Task<TimeSpan> WaitForReplicaAsync(string sourceUri, string targetUri, TimeSpan timeout, Func<CancellationToken, Task> checkAlive, CancellationToken ct) =>
        WaitForReplicaAsync(sourceUri, targetUri, Table, timeout, checkAlive, ct);

    /// <summary>The same through the heartbeat table <paramref name="table"/>.</summary>
    public static async Task<TimeSpan> WaitForReplicaAsync(
        string sourceUri, string targetUri, string table, TimeSpan timeout, Func<CancellationToken, Task> checkAlive, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var source = await MySqlConnection.OpenAsync(sourceUri, ct);
        var seq = await NextSequenceAsync(source, table, ct);
        await WriteAsync(source, table, seq, ct);
        await using var target = await MySqlConnection.OpenAsync(targetUri, ct);
        var polls = 0;
        while (await SeenAsync(target, table, ct) < seq)
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
                throw new TimeoutException($"the target did not show heartbeat {seq} within {timeout.TotalSeconds:0} s");
            if (++polls % 20 == 0)
                await checkAlive(ct);
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Probes for <paramref name="duration"/>, then waits up to <paramref name="drain"/> for the last probe to show on
    /// the target; probes not seen by then count as missing.
    /// </summary>
    public static Task<LagFigures> RunAsync(string sourceUri, string targetUri, TimeSpan duration, TimeSpan drain, CancellationToken ct) =>
        RunAsync(sourceUri, targetUri, Table, duration, drain, ct);

    /// <summary>The same through the heartbeat table <paramref name="table"/>.</summary>
    public static async Task<LagFigures> RunAsync(string sourceUri, string targetUri, string table, TimeSpan duration, TimeSpan drain, CancellationToken ct)
    {
        await using var source = await MySqlConnection.OpenAsync(sourceUri, ct);
        await using var target = await MySqlConnection.OpenAsync(targetUri, ct);
        var first = await NextSequenceAsync(source, table, ct);
        var acknowledged = new ConcurrentDictionary<long, long>();
        var seen = new ConcurrentDictionary<long, long>();
        var last = first - 1;
        using var writing = new CancellationTokenSource();

        var poller = Task.Run(async () =>
        {
            var shown = first - 1;
            long drainUntil = 0;
            while (true)
            {
                var current = await SeenAsync(target, table, ct);
                var now = Stopwatch.GetTimestamp();
                for (var s = shown + 1; s <= current; s++)
                    seen.TryAdd(s, now);
                shown = Math.Max(shown, current);

                if (writing.IsCancellationRequested)
                {
                    var final = Interlocked.Read(ref last);
                    if (shown >= final)
                        break;
                    if (drainUntil == 0)
                        drainUntil = now + (long)(drain.TotalSeconds * Stopwatch.Frequency);
                    else if (now > drainUntil)
                        break;
                }

                await Task.Delay(PollInterval, ct);
            }
        }, ct);

        var startedAt = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        for (var seq = first; clock.Elapsed < duration; seq++)
        {
            // On schedule rather than 100 ms after the previous write, so a slow commit does not thin out the probes.
            var due = Interval * (seq - first);
            if (due > clock.Elapsed)
                await Task.Delay(due - clock.Elapsed, ct);
            await WriteAsync(source, table, seq, ct);
            acknowledged[seq] = Stopwatch.GetTimestamp();
            Interlocked.Exchange(ref last, seq);
        }

        await writing.CancelAsync();
        await poller;

        var samples = new List<(long, double, double)>();
        for (var seq = first; seq <= last; seq++)
        {
            var at = (acknowledged[seq] - startedAt) / (double)Stopwatch.Frequency;
            // Seen before the source's acknowledgement reached us: the replica was faster than the round trip.
            var lag = seen.TryGetValue(seq, out var shownAt)
                ? Math.Max(0, (shownAt - acknowledged[seq]) * 1000.0 / Stopwatch.Frequency)
                : double.PositiveInfinity;
            samples.Add((seq, at, lag));
        }

        return new LagFigures(samples);
    }

    private static async Task<long> NextSequenceAsync(MySqlConnection source, string table, CancellationToken ct) =>
        Convert.ToInt64(await source.QueryScalarAsync($"SELECT COALESCE(MAX(seq), 0) FROM {table}", ct), CultureInfo.InvariantCulture) + 1;

    private static Task WriteAsync(MySqlConnection source, string table, long seq, CancellationToken ct) =>
        source.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"REPLACE INTO {table} VALUES (1, {seq}, NOW(6))"), ct);

    private static async Task<long> SeenAsync(MySqlConnection target, string table, CancellationToken ct)
    {
        try
        {
            return Convert.ToInt64(await target.QueryScalarAsync($"SELECT seq FROM {table} WHERE id = 1", ct) ?? 0L, CultureInfo.InvariantCulture);
        }
        catch (MySqlServerException ex) when (ex.ErrorCode is 1049 or 1146)
        {
            // Not copied yet.
            return 0;
        }
    }
}
