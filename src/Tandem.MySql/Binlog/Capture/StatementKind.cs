namespace Tandem.MySql.Binlog.Capture;

internal enum StatementKind
{
    Begin,
    Commit,
    Rollback,

    /// <summary>SAVEPOINT, ROLLBACK TO, RELEASE SAVEPOINT: rows rolled back to a savepoint never reach the binlog.</summary>
    Savepoint,

    /// <summary>INSERT, UPDATE, DELETE, REPLACE, LOAD DATA logged as a statement.</summary>
    Dml,

    /// <summary>XA START/END/PREPARE/COMMIT/ROLLBACK: a prepared branch may still roll back, so it is not a commit.</summary>
    Xa,

    /// <summary>Anything else: a DDL or an administrative statement; schema tracking decides.</summary>
    Other,
}
