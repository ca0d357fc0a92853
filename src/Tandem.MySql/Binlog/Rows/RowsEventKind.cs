namespace Tandem.MySql.Binlog.Rows;

/// <summary>Which images a rows event carries (https://mariadb.com/kb/en/rows_event_v1v2-rows_compressed_event_v1/,
/// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html).</summary>
internal enum RowsEventKind
{
    /// <summary>WRITE_ROWS (23, 30; MariaDB 166): after-images only.</summary>
    Write = 0,

    /// <summary>UPDATE_ROWS (24, 31; MariaDB 167): before and after images in pairs, each with its own columns-present bitmap.</summary>
    Update = 1,

    /// <summary>DELETE_ROWS (25, 32; MariaDB 168): before-images only.</summary>
    Delete = 2,

    /// <summary>PARTIAL_UPDATE_ROWS (39, MySQL 8.0): like <see cref="Update"/>, with value options and partial JSON diffs in each after-image.</summary>
    PartialUpdate = 3,
}
