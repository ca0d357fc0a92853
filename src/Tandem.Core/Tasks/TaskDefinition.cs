using Tandem.Core.Filtering;

namespace Tandem.Core.Tasks;

/// <summary>A replication task as its YAML file declares it, validated, with defaults filled in.</summary>
public sealed record TaskDefinition
{
    public required string Name { get; init; }

    /// <summary>Source URI (mysql://...), secrets included: never print it, print <c>MySqlConnectionOptions.DisplayName</c>.</summary>
    public required string Source { get; init; }

    public required string Target { get; init; }

    /// <summary>The patterns as written, for messages and for the task's identity.</summary>
    public required IReadOnlyList<string> TablePatterns { get; init; }

    public required TableFilter Tables { get; init; }

    public IReadOnlyList<TableRoute> Routes { get; init; } = [];

    public TaskMode Mode { get; init; } = TaskMode.FullAndIncremental;

    /// <summary>Where an incremental-only task starts; null means the source's current position.</summary>
    public TaskStart? Start { get; init; }

    /// <summary>Parallel connections reading the snapshot and writing it to the target during the full copy.</summary>
    public int CopyThreads { get; init; } = 4;

    /// <summary>Parallel writers applying the change stream.</summary>
    public int WriterThreads { get; init; } = 4;

    /// <summary>Rows per chunk of the full copy.</summary>
    public int ChunkRows { get; init; } = 20_000;

    /// <summary>Most row changes one apply batch (one target transaction) carries.</summary>
    public int BatchRows { get; init; } = 2_000;

    /// <summary>Longest a change waits for its batch to fill before the batch is written anyway.</summary>
    public TimeSpan BatchWait { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Memory for transactions in flight; larger transactions spill to disk.</summary>
    public long MemoryBudgetBytes { get; init; } = 256L << 20;

    /// <summary>Tables with neither a primary nor a unique key are matched on all columns instead of being refused.</summary>
    public bool AllowFullRowMatch { get; init; }

    public ExistingTablePolicy ExistingTables { get; init; } = ExistingTablePolicy.Fail;

    /// <summary>Where large transactions spill; null means the system temporary directory.</summary>
    public string? SpillDirectory { get; init; }

    /// <summary>
    /// How long the change stream may be out of contact with its source (the connection lost, or open but silent past
    /// the heartbeats) before the task reports itself stalled.
    /// </summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What the stream does with a data change logged as a statement instead of rows.</summary>
    public StatementEventPolicy StatementEvents { get; init; } = StatementEventPolicy.Stop;

    /// <summary>The file the definition came from, for messages; null when built in code.</summary>
    public string? FilePath { get; init; }
}
