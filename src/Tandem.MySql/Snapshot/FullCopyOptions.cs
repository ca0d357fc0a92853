using Tandem.Core.Filtering;
using Tandem.Core.Tasks;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Snapshot;

/// <summary>What a <see cref="FullCopy"/> copies, from where to where, and how.</summary>
public sealed record FullCopyOptions
{
    public required MySqlConnectionOptions Source { get; init; }

    public required MySqlConnectionOptions Target { get; init; }

    /// <summary>The task's name: the key of its rows in <c>tandem_meta.copy_table</c> and <c>copy_chunk</c>.</summary>
    public required string Task { get; init; }

    public required TableFilter Tables { get; init; }

    /// <summary>Source (database, table) to target (database, table).</summary>
    public TableRouter Router { get; init; } = TableRouter.Identity;

    /// <summary>Source snapshot connections, each paired with its own target writer connection.</summary>
    public int Threads { get; init; } = 4;

    /// <summary>Rows per chunk; a chunk is read, written and committed as a unit.</summary>
    public int ChunkRows { get; init; } = 20_000;

    public ExistingTablePolicy ExistingTables { get; init; } = ExistingTablePolicy.Fail;

    /// <summary>Copy tables with neither a primary nor a NOT NULL unique key (as one chunk) instead of refusing them.</summary>
    public bool AllowFullRowMatch { get; init; }

    public SnapshotLocking Locking { get; init; } = SnapshotLocking.Auto;

    /// <summary>
    /// Log the copy's writes in the target's binlog (the default: a disaster-recovery target may feed its own replicas).
    /// Off sets <c>sql_log_bin=0</c> on the copy's target sessions (DDL, rows and progress), which needs SUPER (or BINLOG ADMIN on MariaDB).
    /// </summary>
    public bool WriteTargetBinlog { get; init; } = true;

    /// <summary>
    /// How rows are written. LOAD DATA LOCAL by default: with the target binlog on (the default) it was faster than
    /// multi-row INSERT in 3 of 4 rounds of the sysbench benchmark (CopyBenchmarkTests), and as exact for every type.
    /// </summary>
    internal CopyWriteMethod WriteMethod { get; init; } = CopyWriteMethod.LoadData;

    /// <summary>A statement (or LOAD DATA payload) is sent once it holds this many bytes.</summary>
    internal int StatementBytes { get; init; } = 2 << 20;

    /// <summary>How many times the lock-free snapshot is retried before falling back to the lock (or failing).</summary>
    internal int SnapshotAttempts { get; init; } = 10;
}
