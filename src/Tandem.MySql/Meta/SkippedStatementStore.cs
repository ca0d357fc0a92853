using System.Globalization;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Meta;

/// <summary>
/// <c>tandem_meta.skipped_statement</c>: the data changes logged as statements that a task with
/// <c>statement_events: skip</c> left out, one row each, written in the target transaction whose checkpoint moves past them.
/// </summary>
public static class SkippedStatementStore
{
    /// <summary>The statement that records one skipped statement; run it inside the transaction that checkpoints past it.</summary>
    public static string InsertSql(string task, string? database, string statement, BinlogPosition position, string? gtid, DateTimeOffset commitTime) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO {MetaSchema.Database}.skipped_statement (task, db, statement, source_file, source_offset, source_gtid, source_commit_time, skipped_at)
            VALUES ({SqlLiteral.Quote(task)}, {(database is null ? "NULL" : SqlLiteral.Quote(database))}, {SqlLiteral.Quote(statement)}, {SqlLiteral.Quote(position.File)}, {position.Offset},
              {(gtid is null ? "NULL" : SqlLiteral.Quote(gtid))}, {SqlLiteral.Quote(commitTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture))}, UTC_TIMESTAMP(6))
            """);

    /// <summary>The statements a task skipped, oldest first, as (default database, statement, file:offset).</summary>
    public static async Task<IReadOnlyList<(string? Database, string Statement, string Position)>> ReadAsync(MySqlConnection target, string task, CancellationToken cancellationToken)
    {
        var skipped = new List<(string?, string, string)>();
        var reader = await target.QueryAsync(
            $"SELECT db, statement, source_file, source_offset FROM {MetaSchema.Database}.skipped_statement WHERE task = {SqlLiteral.Quote(task)} ORDER BY id",
            cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                skipped.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1)!, $"{reader.GetString(2)}:{reader.GetInt64(3)}"));
        }

        return skipped;
    }
}
