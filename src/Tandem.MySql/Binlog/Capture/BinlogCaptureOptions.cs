using Tandem.Core.Filtering;
using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema.History;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>What to capture from a MySQL-family source and how.</summary>
public sealed record BinlogCaptureOptions
{
    public required MySqlConnectionOptions Source { get; init; }

    /// <summary>Where to start; null starts at the source's current end (only changes made from now on).</summary>
    public BinlogStart? Start { get; init; }

    public TableFilter Tables { get; init; } = TableFilter.All;

    /// <summary>
    /// Also pass the rows of tandem_meta's mark and heartbeat tables (a link's captures: the marks tell replicated
    /// transactions apart, the heartbeats are replicated). Tandem's database is otherwise never captured.
    /// </summary>
    public bool LinkTables { get; init; }

    /// <summary>
    /// Pass a data change logged as a statement on as a <see cref="Core.Model.SkippedStatement"/> instead of stopping
    /// on it (see <see cref="Core.Tasks.StatementEventPolicy.Skip"/>).
    /// </summary>
    public bool SkipStatementEvents { get; init; }

    public BinlogDumpOptions Dump { get; init; } = new();

    /// <summary>How many bytes of one transaction's rows are kept in memory before the rest goes to a spill file.</summary>
    public long MemoryBudgetBytes { get; init; } = 64L << 20;

    /// <summary>Where a transaction larger than <see cref="MemoryBudgetBytes"/> spills: a private directory (0700, owned by this user).</summary>
    public string SpillDirectory { get; init; } = SpillFiles.DefaultDirectory;

    /// <summary>Where the schema history is kept, so a restart from an old position decodes with the schema of that time; null keeps it in memory only.</summary>
    public ISchemaHistoryStore? SchemaHistory { get; init; }

    /// <summary>The longest wait between reconnection attempts after a lost connection.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to keep trying to reconnect before giving up; null tries forever.</summary>
    public TimeSpan? ReconnectFor { get; init; } = TimeSpan.FromMinutes(10);
}
