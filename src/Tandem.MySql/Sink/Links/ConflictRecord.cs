using Tandem.Core.Replication.Conflicts;

namespace Tandem.MySql.Sink.Links;

/// <summary>One conflict as the sink met and decided it; also the row written to tandem_meta.conflicts.</summary>
public sealed record ConflictRecord
{
    /// <summary>db.table on the target, for messages.</summary>
    public required string Table { get; init; }

    /// <summary>The target database and table apart (either may hold a dot, so <see cref="Table"/> is never split).</summary>
    public required string Database { get; init; }

    public required string TableName { get; init; }

    public required string KeyJson { get; init; }

    public required ConflictKind Kind { get; init; }

    public required string Policy { get; init; }

    public required ConflictDecision Decision { get; init; }

    public string? SourceBeforeJson { get; init; }

    public string? SourceAfterJson { get; init; }

    public string? TargetRowJson { get; init; }

    public required string SourcePosition { get; init; }

    /// <summary>The decision as tandem_meta.conflicts and the log spell it: applied, skipped, stopped.</summary>
    public string DecisionName => Decision switch
    {
        ConflictDecision.Apply => "applied",
        ConflictDecision.Skip => "skipped",
        _ => "stopped",
    };
}
