using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Protocol;

/// <summary>
/// Stands in an execute's values for a parameter whose value was sent beforehand with
/// <see cref="MySqlPreparedStatement.SendLongDataAsync(int, ReadOnlyMemory{byte}, int, CancellationToken)"/>: the
/// execute then carries only the parameter's type (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html).
/// </summary>
public sealed class MySqlLongData
{
    private MySqlLongData(ColumnType type) => Type = type;

    /// <summary>Bytes, taken as a binary string.</summary>
    public static MySqlLongData Binary { get; } = new(ColumnType.Blob);

    /// <summary>Text in the session's character_set_client, converted to the column's character set.</summary>
    public static MySqlLongData Text { get; } = new(ColumnType.VarString);

    public ColumnType Type { get; }
}
