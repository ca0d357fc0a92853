using System.Globalization;
using Microsoft.Extensions.Logging;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.Core.Tasks.Links;
using Tandem.MySql.Protocol;

namespace Tandem.Cli.Run.Links;

/// <summary>
/// Runs every direction of a link in one process: a task runner per direction (its marks, conflict checks and loop
/// guard switched on), a heartbeat writer per server, and a watch for stalled directions. The first direction that
/// fails stops the others cleanly, and its error is the run's.
/// </summary>
internal sealed class LinkRunner
{
    private readonly LinkDefinition _link;
    private readonly IReadOnlyList<(LinkDirection Direction, TaskDefinition Task, ReplicationMetrics Metrics, HeartbeatMonitor Heartbeats)> _directions;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;

    public LinkRunner(LinkDefinition link, ILogger logger, TimeProvider? clock = null)
    {
        _link = link;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        var tasks = link.ToTasks();
        _directions = [.. link.Directions.Select((direction, i) =>
        {
            var metrics = new ReplicationMetrics(direction.TaskName);
            return (direction, tasks[i], metrics, new HeartbeatMonitor($"{direction.From}→{direction.To}", metrics, link.StallAfter, _clock, logger));
        })];
        Metrics = [.. _directions.Select(static d => d.Metrics)];
    }

    /// <summary>Each direction's live figures, in the link file's order.</summary>
    public IReadOnlyList<ReplicationMetrics> Metrics { get; }

    public async Task RunAsync(CancellationToken ct)
    {
        var gates = new CopyGates(_link, _logger);
        await gates.InitializeAsync(ct).ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var beats = _link.Servers.Select(server => new HeartbeatWriter(
            _link.Name, server.Key, MySqlConnectionOptions.Parse(server.Value), _link.HeartbeatInterval, _clock, _logger).RunAsync(stop.Token)).ToList();
        var watching = WatchAsync(stop.Token);
        var runs = _directions.Select((d, i) => RunDirectionAsync(d.Direction, d.Task, d.Metrics, d.Heartbeats, DumpServerId(i), gates, stop)).ToList();
        try
        {
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(beats).ConfigureAwait(false);
            await watching.ConfigureAwait(false);
        }

        // Task.WhenAll rethrows the first failure; a clean stop of every direction lands here.
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Distinct for every direction of the process (7919 is odd, so its multiples differ modulo 2^16).</summary>
    private static uint DumpServerId(int index) => 0x5444_0000u | (uint)((Environment.ProcessId + (7919 * (index + 1))) & 0xFFFF);

    private async Task RunDirectionAsync(LinkDirection direction, TaskDefinition task, ReplicationMetrics metrics, HeartbeatMonitor heartbeats, uint dumpServerId, CopyGates gates, CancellationTokenSource stop)
    {
        var role = new LinkRole
        {
            DumpServerId = dumpServerId,
            Link = _link,
            Direction = direction,
            Heartbeats = heartbeats,
            AfterCopy = direction.Mode == TaskMode.Incremental ? null : token => gates.CopiedAsync(direction, token),
            BeforeStart = direction.Mode == TaskMode.Incremental ? token => gates.WaitAsync(direction, token) : null,
        };
        try
        {
            await new TaskRunner(task, metrics, _logger, role).RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped because the run stops (Ctrl-C, or another direction failed).
        }
        catch (Exception ex)
        {
            _logger.LogError("link {Link}: direction {Task} failed: {Reason}; stopping the link's other directions", _link.Name, direction.TaskName, ex.Message);
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                foreach (var (_, _, metrics, heartbeats) in _directions)
                {
                    if (metrics.Phase == TaskPhase.Streaming)
                        heartbeats.Check();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The link's status line for one direction (printed every --status-interval besides the task's own line).</summary>
    public string StatusLine(int index)
    {
        var (_, task, metrics, heartbeats) = _directions[index];
        return string.Create(CultureInfo.InvariantCulture,
            $"{_clock.GetUtcNow().UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} {task.Name} link heartbeat_lag={(metrics.HeartbeatLag is { } lag ? Run.StatusLine.Lag(lag) : "-")} " +
            $"stalled={(heartbeats.Stalled ? "yes" : "no")} conflicts_applied={metrics.ConflictsApplied} conflicts_skipped={metrics.ConflictsSkipped} " +
            $"loops_dropped={metrics.LoopsDropped} foreign_ddl={metrics.ForeignDdl}");
    }

    /// <summary>One line per direction with its heartbeat lag p50/p99/max, conflicts and dropped own transactions; print it when the run ends.</summary>
    public IEnumerable<string> SummaryLines()
    {
        foreach (var (direction, _, metrics, heartbeats) in _directions)
        {
            var lag = heartbeats.Summary() is { } s
                ? string.Create(CultureInfo.InvariantCulture, $"heartbeat lag over {s.Count} beats: p50 {s.P50:F3}s p99 {s.P99:F3}s max {s.Max:F3}s")
                : "no heartbeat arrived";
            yield return $"{direction.TaskName}: {lag}; conflicts {metrics.ConflictsApplied} applied, {metrics.ConflictsSkipped} skipped; {metrics.LoopsDropped} own transactions dropped, {metrics.ForeignDdl} DDL not replicated";
        }
    }
}
