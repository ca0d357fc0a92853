using Tandem.Core.Model;

namespace Tandem.MySql.Schema.History;

/// <summary>
/// One step of the schema history: either a DDL statement as the binlog carried it (<see cref="Statement"/>),
/// or a table reloaded from the server after a statement Tandem could not follow (<see cref="ReloadedTable"/>;
/// <see cref="Table"/> null means the server no longer has it).
/// </summary>
public sealed record SchemaHistoryEntry
{
    /// <summary>Where the change takes effect: the end of the DDL event, i.e. the position a reader resumes from after it.</summary>
    public required HistoryPosition Position { get; init; }

    /// <summary>The QUERY event's default database.</summary>
    public string? Database { get; init; }

    public string? Statement { get; init; }

    /// <summary>The sql_mode bits that change how <see cref="Statement"/> reads (ANSI_QUOTES, NO_BACKSLASH_ESCAPES); null for the default.</summary>
    public ulong? SqlMode { get; init; }

    public TableName? ReloadedTable { get; init; }

    public TableSchema? Table { get; init; }

    /// <summary>The reloaded table's default collation.</summary>
    public string? TableCollation { get; init; }
}
