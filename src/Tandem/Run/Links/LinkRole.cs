using Tandem.Core.Tasks.Links;

namespace Tandem.Cli.Run.Links;

/// <summary>What a task runner needs to know when it runs one direction of a link.</summary>
internal sealed record LinkRole
{
    public required LinkDefinition Link { get; init; }

    public required LinkDirection Direction { get; init; }

    public required HeartbeatMonitor Heartbeats { get; init; }

    /// <summary>The replica server id of this direction's binlog dump: unique in the process, since two directions from one server read it at once.</summary>
    public required uint DumpServerId { get; init; }

    /// <summary>Called once a full copy finished, before the direction streams (the link then fixes where the others start).</summary>
    public Func<CancellationToken, Task>? AfterCopy { get; init; }

    /// <summary>Awaited before the direction first decides where to stream from (the copies it depends on must be done).</summary>
    public Func<CancellationToken, Task>? BeforeStart { get; init; }
}
