namespace Tandem.Core.Model;

/// <summary>
/// A committed source transaction, the unit everything downstream works in. <see cref="Position"/> is the
/// position right after its commit: resuming from it yields the next transaction. The changes are read with
/// <see cref="ReadChangesAsync"/>, once or many times; a large transaction keeps them on disk rather than in
/// memory, so never collect them into a list.
/// </summary>
public abstract class Transaction : IAsyncDisposable
{
    public required SourcePosition Position { get; init; }

    /// <summary>When the source committed it (the source's clock).</summary>
    public required DateTimeOffset CommitTime { get; init; }

    /// <summary>When this process read the commit (its own clock); default when unknown. See <see cref="Replication.LagClock"/>.</summary>
    public DateTimeOffset ObservedAt { get; init; }

    /// <summary>The source's global transaction id ("0-1-42", "uuid:17"), when it has one.</summary>
    public string? Gtid { get; init; }

    /// <summary>The server that first wrote the transaction, in its engine's terms (a server id, a replication origin), when known.</summary>
    public string? OriginServer { get; init; }

    /// <summary>Rows of a link's own tandem_meta tables (its mark or heartbeat rows) are among the changes; only a link's captures pass them.</summary>
    public bool CarriesLinkRows { get; init; }

    /// <summary>
    /// The engine's own origin tag marks the transaction as written by a replicating session (each engine's capture
    /// says which tag it reads); a link that trusts native tags drops such transactions as its own echo.
    /// </summary>
    public bool OriginTagged { get; init; }

    /// <summary>Approximate size in bytes of the changes as the source sent them.</summary>
    public long SizeBytes { get; init; }

    public abstract IAsyncEnumerable<Change> ReadChangesAsync(CancellationToken ct = default);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
