using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Errors;

/// <summary>
/// A data change to captured tables the source logged as a statement, not as rows (a session ran with
/// binlog_format=STATEMENT or MIXED; see https://mariadb.com/kb/en/binary-log-formats/): its rows are not in the binlog,
/// so it cannot be replayed exactly. The hint says both ways to continue.
/// </summary>
public sealed class StatementEventException : MySqlException
{
    public StatementEventException(string position, string? database, string statement)
        : base(
            $"binlog event at {position}: a data change logged as a statement, not as rows{(database is null ? string.Empty : $" (default database {database})")}: {Abbreviate(statement)}",
            "its rows are not in the binlog, so Tandem cannot replay it exactly. Stop it recurring: SET GLOBAL binlog_format=ROW on the source (and in its " +
            "configuration), and find the session that set binlog_format=STATEMENT or MIXED. Then continue either way: " +
            "(1) set `statement_events: skip` in the task file and run it again: the stream leaves such statements out, records each in " +
            "tandem_meta.skipped_statement and goes on; then make the tables they changed equal with `tandem verify --task TASK.yaml --tables DB.TABLE --fix`; " +
            "or (2) re-copy: start the task over with a new `name` (or drop its tables on the target and delete its tandem_meta rows) so its full copy runs again")
    {
        Position = position;
        Database = database;
        Statement = statement;
    }

    /// <summary>Where the statement's event starts, as file:offset.</summary>
    public string Position { get; }

    public string? Database { get; }

    public string Statement { get; }

    private static string Abbreviate(string sql) => sql.Length <= 120 ? sql : string.Concat(sql.AsSpan(0, 117), "...");
}
