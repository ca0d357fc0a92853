namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// QUERY (2): a statement as the source ran it: BEGIN, COMMIT, a DDL, or DML on a non-transactional engine in
/// statement format. Post-header: thread id (4), execution time (4), database name length (1), error code (2),
/// status variables length (2); body: status variables, database name + NUL, statement.
/// See https://mariadb.com/kb/en/query_event/ and MySQL's statement_events.h.
/// </summary>
public sealed class QueryEvent : BinlogEvent
{
    /// <summary>The session's default database (unqualified names in <see cref="Sql"/> refer to it); empty when none.</summary>
    public required string Database { get; init; }

    public required string Sql { get; init; }

    public required int ErrorCode { get; init; }

    public required uint ThreadId { get; init; }

    public required QueryStatusVariables Status { get; init; }

    public bool IsBegin => Sql.Equals("BEGIN", StringComparison.OrdinalIgnoreCase);

    public bool IsCommit => Sql.Equals("COMMIT", StringComparison.OrdinalIgnoreCase);

    public bool IsRollback => Sql.Equals("ROLLBACK", StringComparison.OrdinalIgnoreCase);
}
