namespace Tandem.Core.Replication;

/// <summary>One observation of a <see cref="SourceContact"/>.</summary>
/// <param name="State">Connected, stalled (open but silent) or unreachable.</param>
/// <param name="OutOfContactFor">How long the stream has heard nothing while waiting for the source; zero while connected.</param>
/// <param name="LastHeardAt">When the source was last heard (an event, a heartbeat, a new connection), or null before.</param>
/// <param name="ReadThroughAt">The source time up to which the stream has read everything the source wrote.</param>
public readonly record struct SourceContactReading(
    SourceContactState State,
    TimeSpan OutOfContactFor,
    DateTimeOffset? LastHeardAt,
    DateTimeOffset ReadThroughAt);
