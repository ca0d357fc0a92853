namespace Tandem.Core.Tasks.Links;

/// <summary>One direction of a link: the changes of one server applied to another, run as the task <see cref="TaskName"/>.</summary>
public sealed record LinkDirection
{
    /// <summary>The server read, by its name in the link's servers.</summary>
    public required string From { get; init; }

    /// <summary>The server written, by its name in the link's servers.</summary>
    public required string To { get; init; }

    public TaskMode Mode { get; init; } = TaskMode.Incremental;

    /// <summary>Whether schema changes (DDL) of <see cref="From"/> are applied to <see cref="To"/>; at most one direction between two servers carries them.</summary>
    public bool Ddl { get; init; }

    /// <summary>The direction's own conflicts section, overriding the link's; null = the link's.</summary>
    public ConflictSettings? Conflicts { get; init; }

    /// <summary>"&lt;link&gt;.&lt;from&gt;-&lt;to&gt;": the name of the direction's task (its checkpoints and metrics).</summary>
    public required string TaskName { get; init; }
}
