namespace Tandem.MySql.Meta;

/// <summary>
/// The <c>tandem_meta</c> database on a task's target: what a task needs to resume, written in the same target
/// transactions as the data it describes. Tandem never replicates it (captures exclude it, copies skip it).
/// </summary>
public static class MetaSchema
{
    public const string Database = "tandem_meta";

    /// <summary>Idempotent DDL creating every table; run before a task touches the target.</summary>
    public static readonly IReadOnlyList<string> Statements =
    [
        $"CREATE DATABASE IF NOT EXISTS {Database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",

        // One row per task: its phase and the snapshot position streaming starts from after the copy.
        $"""
        CREATE TABLE IF NOT EXISTS {Database}.task (
          task VARCHAR(128) NOT NULL PRIMARY KEY,
          phase VARCHAR(32) NOT NULL,
          source VARCHAR(512) NOT NULL,
          snapshot_file VARCHAR(512) NULL,
          snapshot_offset BIGINT UNSIGNED NULL,
          snapshot_gtids LONGTEXT NULL,
          created_at DATETIME(6) NOT NULL,
          updated_at DATETIME(6) NOT NULL
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """,

        // The apply's low watermark, one row per writer so parallel writers never wait on one row's lock.
        // Each row holds a position at or before which everything was committed; resume from the furthest one.
        $"""
        CREATE TABLE IF NOT EXISTS {Database}.checkpoint (
          task VARCHAR(128) NOT NULL,
          writer INT NOT NULL,
          binlog_file VARCHAR(512) NOT NULL,
          binlog_offset BIGINT UNSIGNED NOT NULL,
          gtids LONGTEXT NULL,
          commit_time DATETIME(6) NULL,
          updated_at DATETIME(6) NOT NULL,
          PRIMARY KEY (task, writer)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """,

        // Full-copy plan and progress: a table's chunks are planned once; a chunk is marked done in the same
        // target transaction that wrote its rows, so a crashed copy redoes only unfinished chunks.
        $"""
        CREATE TABLE IF NOT EXISTS {Database}.copy_table (
          task VARCHAR(128) NOT NULL,
          db VARCHAR(64) NOT NULL,
          tbl VARCHAR(64) NOT NULL,
          target_db VARCHAR(64) NOT NULL,
          target_tbl VARCHAR(64) NOT NULL,
          state VARCHAR(16) NOT NULL,
          chunks INT NOT NULL DEFAULT 0,
          estimated_rows BIGINT NOT NULL DEFAULT 0,
          updated_at DATETIME(6) NOT NULL,
          PRIMARY KEY (task, db, tbl)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {Database}.copy_chunk (
          task VARCHAR(128) NOT NULL,
          db VARCHAR(64) NOT NULL,
          tbl VARCHAR(64) NOT NULL,
          chunk INT NOT NULL,
          lower_bound LONGTEXT NULL,
          upper_bound LONGTEXT NULL,
          state VARCHAR(16) NOT NULL,
          rows_copied BIGINT NOT NULL DEFAULT 0,
          snapshot_file VARCHAR(512) NULL,
          snapshot_offset BIGINT UNSIGNED NULL,
          snapshot_gtids LONGTEXT NULL,
          updated_at DATETIME(6) NOT NULL,
          PRIMARY KEY (task, db, tbl, chunk)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """,

        // Fences (see TaskFence): a verifier asks a running task to hold its apply at a source position. The runner
        // acts on the newest row of its task; a row past expires_at no longer holds anything.
        $"""
        CREATE TABLE IF NOT EXISTS {Database}.fence (
          task VARCHAR(128) NOT NULL,
          id BIGINT NOT NULL,
          state VARCHAR(16) NOT NULL,
          source_file VARCHAR(512) NULL,
          source_offset BIGINT UNSIGNED NULL,
          applied_file VARCHAR(512) NULL,
          applied_offset BIGINT UNSIGNED NULL,
          applied_gtids LONGTEXT NULL,
          expires_at DATETIME(6) NOT NULL,
          updated_at DATETIME(6) NOT NULL,
          PRIMARY KEY (task, id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """,

        // Links (two-way and multi-way): every transaction a link's sink applies also bumps its writer's mark row, so the
        // capture of the server it applied to recognises the transaction as replicated, never its own (LinkMetaTables).
        $"""
        CREATE TABLE IF NOT EXISTS {Database}.{LinkMetaTables.Mark} (
          channel INT UNSIGNED NOT NULL,
          task VARCHAR(128) NOT NULL,
          writer INT NOT NULL,
          origin VARCHAR(64) NOT NULL,
          counter BIGINT UNSIGNED NOT NULL,
          PRIMARY KEY (channel, task, writer)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """,

        // A link's heartbeat: the link process writes its own server's row every interval (written_us on its own clock);
        // the row replicates like data, and its arrival on the other side measures the lag end to end.
        $"""
        CREATE TABLE IF NOT EXISTS {Database}.{LinkMetaTables.Heartbeat} (
          link VARCHAR(64) NOT NULL,
          origin VARCHAR(64) NOT NULL,
          beat BIGINT UNSIGNED NOT NULL,
          written_us BIGINT NOT NULL,
          PRIMARY KEY (link, origin)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """,

        // Conflicts a link's sink met: both images and the decision, written in the transaction that applied (or skipped) the change.
        $"""
        CREATE TABLE IF NOT EXISTS {Database}.conflicts (
          id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
          task VARCHAR(128) NOT NULL,
          channel INT UNSIGNED NOT NULL,
          origin VARCHAR(64) NOT NULL,
          db VARCHAR(64) NOT NULL,
          tbl VARCHAR(64) NOT NULL,
          row_key LONGTEXT NOT NULL,
          kind VARCHAR(32) NOT NULL,
          policy VARCHAR(32) NOT NULL,
          decision VARCHAR(16) NOT NULL,
          source_before LONGTEXT NULL,
          source_after LONGTEXT NULL,
          target_row LONGTEXT NULL,
          source_file VARCHAR(512) NOT NULL,
          source_offset BIGINT UNSIGNED NOT NULL,
          source_commit_time DATETIME(6) NOT NULL,
          detected_at DATETIME(6) NOT NULL,
          KEY by_table (db, tbl, id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """,

        // Data changes the source logged as statements that a task with statement_events: skip left out, written in the
        // transaction whose checkpoint moves past them: the tables they changed differ until verified and repaired.
        $"""
        CREATE TABLE IF NOT EXISTS {Database}.skipped_statement (
          id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
          task VARCHAR(128) NOT NULL,
          db VARCHAR(64) NULL,
          statement LONGTEXT NOT NULL,
          source_file VARCHAR(512) NOT NULL,
          source_offset BIGINT UNSIGNED NOT NULL,
          source_gtid VARCHAR(256) NULL,
          source_commit_time DATETIME(6) NOT NULL,
          skipped_at DATETIME(6) NOT NULL,
          KEY by_task (task, id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """,

        // The source's schema history (see Schema/History): a snapshot row (seq 0) and DDL entries after it.
        $"""
        CREATE TABLE IF NOT EXISTS {Database}.schema_history (
          task VARCHAR(128) NOT NULL,
          seq BIGINT NOT NULL,
          binlog_file VARCHAR(512) NOT NULL,
          binlog_offset BIGINT UNSIGNED NOT NULL,
          body LONGTEXT NOT NULL,
          PRIMARY KEY (task, seq)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """,
    ];
}
