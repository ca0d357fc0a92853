using Microsoft.Extensions.Logging;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;

namespace Tandem.Cli.Run;

/// <summary>
/// Runs one task in the foreground: the full copy (resuming a crashed one), the hand-off at the snapshot position,
/// then the change stream until cancelled or failed.
/// </summary>
internal sealed class TaskRunner
{
    private readonly TaskDefinition _task;
    private readonly ReplicationMetrics _metrics;
    private readonly ILogger _logger;

    public TaskRunner(TaskDefinition task, ReplicationMetrics metrics, ILogger logger)
    {
        _task = task;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Returns when <paramref name="ct"/> is cancelled (a clean stop) or, in full mode, when the copy is done.</summary>
    public Task RunAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        _logger.LogInformation("task {Task} not implemented yet", _task.Name);
        _metrics.Phase = TaskPhase.Stopped;
        return Task.CompletedTask;
    }
}
