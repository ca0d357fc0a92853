using Tandem.Core.Errors;
using Tandem.Core.Filtering;

namespace Tandem.Core.Tasks.Links;

/// <summary>
/// A link as its YAML file declares it, validated, with defaults filled in: two or more servers and the directions
/// between them, each direction run as its own task (<see cref="ToTasks"/>) in one process.
/// </summary>
public sealed record LinkDefinition
{
    public required string Name { get; init; }

    /// <summary>Identifies the link's loop marks, 1 to 4294967295; two links sharing a server need different channels.</summary>
    public required long Channel { get; init; }

    /// <summary>Server name to URI, in file order. URIs hold secrets: never print them.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Servers { get; init; }

    /// <summary>The patterns as written, for messages and for the tasks' identity.</summary>
    public required IReadOnlyList<string> TablePatterns { get; init; }

    public required TableFilter Tables { get; init; }

    public required IReadOnlyList<LinkDirection> Directions { get; init; }

    /// <summary>The link's conflicts section; directions without their own, and tables no <see cref="TableConflicts"/> entry matches, use it.</summary>
    public ConflictSettings Conflicts { get; init; } = new();

    /// <summary>The link's <c>conflicts.tables</c>, in file order: the first entry matching a table applies to it in every direction.</summary>
    public IReadOnlyList<TableConflictSettings> TableConflicts { get; init; } = [];

    /// <summary>How often each direction writes a heartbeat through the link.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a direction may go without a heartbeat arriving before it counts as stalled; at least three heartbeat intervals.</summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether row changes carrying only some of a row's columns (binlog_row_image MINIMAL or NOBLOB) are accepted, an update writing just the columns it carries.</summary>
    public bool PartialColumns { get; init; }

    public OriginTagging OriginTagging { get; init; } = OriginTagging.Auto;

    /// <summary>Parallel connections of each direction's full copy, as a task's.</summary>
    public int CopyThreads { get; init; } = 4;

    /// <summary>Parallel writers of each direction, as a task's.</summary>
    public int WriterThreads { get; init; } = 4;

    /// <summary>Rows per chunk of a full copy, as a task's.</summary>
    public int ChunkRows { get; init; } = 20_000;

    /// <summary>Most row changes one apply batch carries, as a task's.</summary>
    public int BatchRows { get; init; } = 2_000;

    /// <summary>Longest a change waits for its batch to fill, as a task's.</summary>
    public TimeSpan BatchWait { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Memory for transactions in flight, for each direction, as a task's.</summary>
    public long MemoryBudgetBytes { get; init; } = 256L << 20;

    /// <summary>Where large transactions spill; null means the system temporary directory.</summary>
    public string? SpillDirectory { get; init; }

    /// <summary>The file the definition came from, for messages; null when built in code.</summary>
    public string? FilePath { get; init; }

    /// <summary>The URI of a server of the link, by name.</summary>
    /// <exception cref="TandemException">The link has no server of that name.</exception>
    public string UriOf(string server)
    {
        ArgumentNullException.ThrowIfNull(server);
        foreach (var (name, uri) in Servers)
        {
            if (string.Equals(name, server, StringComparison.Ordinal))
                return uri;
        }

        throw new TandemException($"link '{Name}' has no server '{server}'", $"its servers are {string.Join(", ", Servers.Select(static s => s.Key))}");
    }

    /// <summary>The conflict settings for a direction and a source table: the first matching <c>conflicts.tables</c> entry, else the direction's, else the link's.</summary>
    public ConflictSettings ConflictsFor(LinkDirection direction, string database, string table)
    {
        ArgumentNullException.ThrowIfNull(direction);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(table);
        foreach (var entry in TableConflicts)
        {
            if (entry.Tables.Includes(database, table))
                return entry.Settings;
        }

        return direction.Conflicts ?? Conflicts;
    }

    /// <summary>One task per direction, in the order of <see cref="Directions"/>: named by the direction, reading its From and writing its To, with the link's tables and options.</summary>
    public IReadOnlyList<TaskDefinition> ToTasks() =>
    [
        .. Directions.Select(direction => new TaskDefinition
        {
            Name = direction.TaskName,
            Source = UriOf(direction.From),
            Target = UriOf(direction.To),
            TablePatterns = TablePatterns,
            Tables = Tables,
            Mode = direction.Mode,
            CopyThreads = CopyThreads,
            WriterThreads = WriterThreads,
            ChunkRows = ChunkRows,
            BatchRows = BatchRows,
            BatchWait = BatchWait,
            MemoryBudgetBytes = MemoryBudgetBytes,
            SpillDirectory = SpillDirectory,
            StallAfter = StallAfter,
            FilePath = FilePath,
        }),
    ];
}
