namespace Tandem.Core.Replication.Conflicts;

/// <summary>What the sink does with a change that met a conflict.</summary>
public enum ConflictDecision
{
    /// <summary>Write the change's final state over the target row.</summary>
    Apply,

    /// <summary>Keep the target row; the change is not written.</summary>
    Skip,

    /// <summary>Stop the direction with an error naming the row.</summary>
    Stop,
}
