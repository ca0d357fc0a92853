namespace Tandem.Core.Tasks;

/// <summary>Where an incremental-only task starts reading the source's change stream: a GTID set, or a binlog file and offset.</summary>
public sealed record TaskStart
{
    public string? Gtid { get; init; }

    public string? File { get; init; }

    public long? Position { get; init; }

    public override string ToString() => Gtid is not null ? $"gtid {Gtid}" : $"{File}:{Position}";
}
