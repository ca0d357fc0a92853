using Tandem.Core.Model;
using Tandem.Core.Tasks.Links;

namespace Tandem.MySql.Sink.Links;

/// <summary>How a sink applies one direction of a link: marks, conflict checks, heartbeats, partial columns.</summary>
public sealed record SinkLinkOptions
{
    public required string Link { get; init; }

    public required long Channel { get; init; }

    /// <summary>The link's name of the server the changes come from.</summary>
    public required string Origin { get; init; }

    /// <summary>The link's name of the server they are applied to.</summary>
    public required string TargetServer { get; init; }

    /// <summary>The conflict settings of a source table.</summary>
    public required Func<TableSchema, ConflictSettings> ConflictsFor { get; init; }

    /// <summary>Also tag applied changes natively (MariaDB: the session's @@skip_replication = 1), where the target allows it.</summary>
    public bool NativeTagging { get; init; }

    /// <summary>Tolerate columns the target lacks (not written) or has besides the source's (left to their defaults).</summary>
    public bool PartialColumns { get; init; }

    /// <summary>Called on a writer's thread after a heartbeat of this link from <see cref="Origin"/> committed on the target.</summary>
    public Action<HeartbeatArrival>? HeartbeatApplied { get; init; }

    /// <summary>Called for every conflict met, after its transaction committed (or before the sink stops for one).</summary>
    public Action<ConflictRecord>? ConflictMet { get; init; }

    /// <summary>The comment that marks a DDL statement the link applied, so the capture of its target never forwards it.</summary>
    public string DdlMarker => DdlMarkerOf(Channel);

    public static string DdlMarkerOf(long channel) => $"/* tandem:link-channel={channel} */";
}

/// <summary>A heartbeat row as it committed on the target: its beat number and when the link process wrote it (its clock).</summary>
public readonly record struct HeartbeatArrival(long Beat, DateTimeOffset WrittenAt);
