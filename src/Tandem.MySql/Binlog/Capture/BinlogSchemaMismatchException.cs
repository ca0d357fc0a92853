using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>The rows in the binlog do not fit the schema Tandem tracks for their table, so they cannot be named safely.</summary>
public sealed class BinlogSchemaMismatchException : MySqlException
{
    public BinlogSchemaMismatchException(string position, string table, string detail)
        : base(
            $"binlog event at {position}: rows of {table} do not match the tracked schema: {detail}",
            "the schema history does not cover this position (a DDL happened before Tandem started following the table). Set binlog_row_metadata=FULL on the source so rows carry their column names, or start from a position after the last DDL of the table, or re-snapshot")
    {
        Position = position;
        Table = table;
    }

    public string Position { get; }

    public string Table { get; }
}
