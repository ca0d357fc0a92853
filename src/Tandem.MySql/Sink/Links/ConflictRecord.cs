using Tandem.Core.Replication.Conflicts;

namespace Tandem.MySql.Sink.Links;

/// <summary>One conflict as the sink met and decided it; also the row written to tandem_meta.conflicts.</summary>
public sealed record ConflictRecord
{
    public required string Table { get; init; }

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
