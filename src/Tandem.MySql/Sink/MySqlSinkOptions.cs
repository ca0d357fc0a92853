using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Sink;

/// <summary>How a <see cref="MySqlSink"/> applies a change stream to a MySQL-family target.</summary>
public sealed record MySqlSinkOptions
{
    public required MySqlConnectionOptions Target { get; init; }

    /// <summary>The task's name: the key of its checkpoint rows in <c>tandem_meta.checkpoint</c>.</summary>
    public required string Task { get; init; }

    public TableRouter Router { get; init; } = TableRouter.Identity;

    /// <summary>Parallel writer connections (1 to 64).</summary>
    public int Writers { get; init; } = 4;

    /// <summary>Row changes one writer gathers into one target transaction (whole source transactions only, so it may exceed this).</summary>
    public int BatchRows { get; init; } = 2_000;

    /// <summary>Longest a transaction waits in a writer's queue for its batch to fill.</summary>
    public TimeSpan BatchWait { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Bytes of materialized changes in flight; SubmitAsync waits when over. A quarter of it is the largest transaction held in memory.</summary>
    public long MemoryBudgetBytes { get; init; } = 256L << 20;

    /// <summary>Apply tables with neither a primary nor a unique NOT NULL key by matching all columns, instead of refusing them.</summary>
    public bool AllowFullRowMatch { get; init; }

    /// <summary>One direction of a link: marks every transaction, checks conflicts, applies heartbeats; null for a one-way task.</summary>
    public Links.SinkLinkOptions? Link { get; init; }

    /// <summary>Writers use blocking socket reads on their dedicated threads (fewer thread hops per round trip).</summary>
    internal bool BlockingWriters { get; init; } = true;

    /// <summary>
    /// How the sink's writers, its own connection and its checkpoint ticks wait out the target's transient errors; the
    /// task shares it with its other target connections. Null: the sink makes its own over the default window.
    /// </summary>
    public TargetRetry? Retry { get; init; }

    /// <summary>How often a moved low watermark is stored when no writer commits (idle tables, runs of empty transactions).</summary>
    internal TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);
}
