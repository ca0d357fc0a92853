namespace Tandem.Core.Replication;

/// <summary>Whether a change stream hears from its source.</summary>
public enum SourceContactState
{
    /// <summary>No change stream yet (before streaming, or a full copy).</summary>
    Unknown,

    /// <summary>Events or heartbeats arrive, or the stream is busy with what arrived.</summary>
    Connected,

    /// <summary>The connection is open, but nothing has arrived for longer than the source's heartbeats allow.</summary>
    Stalled,

    /// <summary>The connection was lost and is being reopened.</summary>
    Unreachable,
}
