using System.Globalization;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Meta;

/// <summary>
/// The apply's checkpoint in <c>tandem_meta.checkpoint</c>: each writer stores the low watermark it knew when it
/// committed, inside the same target transaction as its rows. The furthest of those rows is where a restart resumes.
/// </summary>
public static class CheckpointStore
{
    /// <summary>The statement that records <paramref name="position"/> for one writer; run it inside the batch's transaction.</summary>
    public static string UpsertSql(string task, int writer, BinlogPosition position, DateTimeOffset? commitTime) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO {MetaSchema.Database}.checkpoint (task, writer, binlog_file, binlog_offset, gtids, commit_time, updated_at)
            VALUES ({SqlLiteral.Quote(task)}, {writer}, {SqlLiteral.Quote(position.File)}, {position.Offset}, {SqlLiteral.Format(position.Gtids)}, {Time(commitTime)}, UTC_TIMESTAMP(6))
            ON DUPLICATE KEY UPDATE binlog_file = VALUES(binlog_file), binlog_offset = VALUES(binlog_offset), gtids = VALUES(gtids),
              commit_time = VALUES(commit_time), updated_at = VALUES(updated_at)
            """);

    /// <summary>The furthest checkpoint any writer stored for the task, or null when it never applied anything.</summary>
    public static async Task<BinlogPosition?> ReadAsync(MySqlConnection target, string task, CancellationToken cancellationToken)
    {
        BinlogPosition? furthest = null;
        var reader = await target.QueryAsync(
            $"SELECT binlog_file, binlog_offset, gtids FROM {MetaSchema.Database}.checkpoint WHERE task = {SqlLiteral.Quote(task)}",
            cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var position = new BinlogPosition(reader.GetString(0)!, reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
                if (furthest is null || position.FilePosition > furthest.FilePosition)
                    furthest = position;
            }
        }

        return furthest;
    }

    /// <summary>Forgets the task's checkpoint (a task started over).</summary>
    public static Task DeleteAsync(MySqlConnection target, string task, CancellationToken cancellationToken) =>
        target.ExecuteAsync($"DELETE FROM {MetaSchema.Database}.checkpoint WHERE task = {SqlLiteral.Quote(task)}", cancellationToken);


    private static string Time(DateTimeOffset? time) =>
        time is { } t ? SqlLiteral.Quote(t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)) : "NULL";
}
