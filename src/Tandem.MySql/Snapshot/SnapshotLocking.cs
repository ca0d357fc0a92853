namespace Tandem.MySql.Snapshot;

/// <summary>Whether the full copy may hold a global read lock to pin its snapshot's binlog position.</summary>
public enum SnapshotLocking
{
    /// <summary>
    /// The brief FLUSH TABLES WITH READ LOCK, on MariaDB too: under write load, MariaDB consistent-snapshot transactions
    /// reporting the same binlog_snapshot_position were seen to hold different data (a copy missing a row committed
    /// before the position it reported, and two snapshots at one reported position differing), which a lock excludes.
    /// </summary>
    Auto,

    /// <summary>
    /// MariaDB: never lock; consistent-snapshot transactions are lined up by their binlog_snapshot_* position, and the
    /// open fails when they never line up. Exact only on a quiet source (see <see cref="Auto"/>).
    /// </summary>
    Never,

    /// <summary>Take the brief global read lock right away.</summary>
    Always,
}
