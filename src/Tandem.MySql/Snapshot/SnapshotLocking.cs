namespace Tandem.MySql.Snapshot;

/// <summary>Whether the full copy may hold a global read lock to pin its snapshot's binlog position.</summary>
public enum SnapshotLocking
{
    /// <summary>
    /// MariaDB: lock-free (consistent-snapshot transactions and their binlog_snapshot_* position), falling back to a
    /// brief FLUSH TABLES WITH READ LOCK when the snapshots never line up under heavy writes. MySQL: the brief lock.
    /// </summary>
    Auto,

    /// <summary>Never lock: fail when a lock-free snapshot cannot be taken.</summary>
    Never,

    /// <summary>Take the brief global read lock right away.</summary>
    Always,
}
