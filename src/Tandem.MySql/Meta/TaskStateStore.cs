using System.Globalization;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Meta;

/// <summary>A task's row in <c>tandem_meta.task</c>: its phase and the snapshot position its stream starts from.</summary>
public sealed record TaskState(string Task, string Phase, string Source, BinlogPosition? Snapshot)
{
    public const string Copying = "copying";
    public const string Streaming = "streaming";
    public const string Copied = "copied";
}

/// <summary>Reads and writes <see cref="TaskState"/> rows.</summary>
public static class TaskStateStore
{
    /// <summary>Creates <c>tandem_meta</c> and its tables when missing.</summary>
    public static async Task EnsureSchemaAsync(MySqlConnection target, CancellationToken cancellationToken)
    {
        foreach (var statement in MetaSchema.Statements)
            await target.ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<TaskState?> ReadAsync(MySqlConnection target, string task, CancellationToken cancellationToken)
    {
        var reader = await target.QueryAsync(
            $"SELECT phase, source, snapshot_file, snapshot_offset, snapshot_gtids FROM {MetaSchema.Database}.task WHERE task = {SqlLiteral.Quote(task)}",
            cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            var snapshot = reader.IsDBNull(2)
                ? null
                : new BinlogPosition(reader.GetString(2)!, reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetString(4));
            var state = new TaskState(task, reader.GetString(0)!, reader.GetString(1)!, snapshot);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
            }

            return state;
        }
    }

    /// <summary>The statement that stores <paramref name="state"/>; run alone or inside a transaction that must carry it.</summary>
    public static string UpsertSql(TaskState state) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO {MetaSchema.Database}.task (task, phase, source, snapshot_file, snapshot_offset, snapshot_gtids, created_at, updated_at)
            VALUES ({SqlLiteral.Quote(state.Task)}, {SqlLiteral.Quote(state.Phase)}, {SqlLiteral.Quote(state.Source)},
              {SqlLiteral.Format(state.Snapshot?.File)}, {SqlLiteral.Format(state.Snapshot?.Offset)},
              {SqlLiteral.Format(state.Snapshot?.Gtids)}, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
            ON DUPLICATE KEY UPDATE phase = VALUES(phase), source = VALUES(source), snapshot_file = VALUES(snapshot_file),
              snapshot_offset = VALUES(snapshot_offset), snapshot_gtids = VALUES(snapshot_gtids), updated_at = VALUES(updated_at)
            """);

    public static Task WriteAsync(MySqlConnection target, TaskState state, CancellationToken cancellationToken) =>
        target.ExecuteAsync(UpsertSql(state), cancellationToken);
}
