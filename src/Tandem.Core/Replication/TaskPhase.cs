namespace Tandem.Core.Replication;

/// <summary>Where a running task is in its life (DESIGN.md's task states).</summary>
public enum TaskPhase
{
    Starting,
    Snapshotting,
    Streaming,
    Stopped,
    Failed,
}
