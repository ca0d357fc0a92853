using System.Globalization;
using System.Text.Json;
using Tandem.Core.Replication;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;
using Tandem.MySql.Schema;
using Tandem.MySql.Schema.History;

namespace Tandem.MySql.Meta;

/// <summary>
/// The schema history of a task in the target's <c>tandem_meta.schema_history</c>: row 0 holds the snapshot, later
/// rows the DDL entries after it. Entries are keyed by source position, so they need not commit with the data: a
/// restart from an older checkpoint asks the history for the schema at that position.
/// </summary>
public sealed class MetaSchemaHistoryStore : ISchemaHistoryStore
{
    private readonly MySqlConnectionOptions _target;
    private readonly string _task;
    private readonly TargetRetry? _retry;

    /// <param name="retry">How a running task waits out the target's transient errors; null fails on the first one.</param>
    public MetaSchemaHistoryStore(MySqlConnectionOptions target, string task, TargetRetry? retry = null)
    {
        _target = target;
        _task = task;
        _retry = retry;
    }

    /// <summary>
    /// Appends an entry, once: an attempt whose outcome was lost with the connection may have written it already, so the
    /// insert skips an entry that is there.
    /// </summary>
    public Task AppendAsync(SchemaHistoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var body = SqlLiteral.Quote(JsonSerializer.Serialize(entry, SchemaJson.Line));
        var file = SqlLiteral.Quote(entry.Position.File);
        return RunAsync("recording a DDL in the schema history", async ct =>
        {
            var connection = await MySqlConnection.OpenAsync(_target, ct).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
                    INSERT INTO {MetaSchema.Database}.schema_history (task, seq, binlog_file, binlog_offset, body)
                    SELECT {Task}, COALESCE(MAX(seq), 0) + 1, {file}, {entry.Position.Offset}, {body}
                    FROM {MetaSchema.Database}.schema_history WHERE task = {Task}
                    HAVING SUM(binlog_file = {file} AND binlog_offset = {entry.Position.Offset} AND body = {body}) IS NOT TRUE
                    """), ct).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);
    }

    public Task<SchemaHistoryData?> LoadAsync(CancellationToken cancellationToken) => RunAsync("reading the schema history", LoadOnceAsync, cancellationToken);

    private async Task<SchemaHistoryData?> LoadOnceAsync(CancellationToken cancellationToken)
    {
        var connection = await MySqlConnection.OpenAsync(_target, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            CatalogDocument? snapshot = null;
            var entries = new List<SchemaHistoryEntry>();
            var reader = await connection.QueryAsync(
                $"SELECT seq, body FROM {MetaSchema.Database}.schema_history WHERE task = {Task} ORDER BY seq", cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var seq = reader.GetInt64(0);
                    var body = reader.GetString(1)!;
                    try
                    {
                        if (seq == 0)
                            snapshot = JsonSerializer.Deserialize<CatalogDocument>(body, SchemaJson.Document);
                        else
                            entries.Add(JsonSerializer.Deserialize<SchemaHistoryEntry>(body, SchemaJson.Line) ?? throw new JsonException("the entry is null"));
                    }
                    catch (JsonException ex)
                    {
                        throw new SchemaHistoryException(
                            $"{MetaSchema.Database}.schema_history row {seq} of task '{_task}' is not valid: {ex.Message}",
                            "The row was edited or written by another Tandem version; start the task again under a new name.", ex);
                    }
                }
            }

            if (snapshot is null)
            {
                return entries.Count == 0
                    ? null
                    : throw new SchemaHistoryException(
                        $"{MetaSchema.Database}.schema_history of task '{_task}' has entries but no snapshot",
                        "The snapshot row (seq 0) was deleted; start the task again under a new name.");
            }

            if (snapshot.Version != CatalogDocument.CurrentVersion)
                throw new SchemaHistoryException($"the schema snapshot of task '{_task}' has version {snapshot.Version}", "It was written by another Tandem version; use that version or start again.");
            return new SchemaHistoryData(snapshot.Position, snapshot.ToCatalog(), [.. entries.Where(e => e.Position > snapshot.Position)]);
        }
    }

    public Task WriteSnapshotAsync(HistoryPosition position, SchemaCatalog catalog, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(CatalogDocument.From(position, catalog), SchemaJson.Document);
        return RunAsync("writing the schema snapshot", async ct =>
        {
            await WriteSnapshotOnceAsync(position, body, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    private async Task WriteSnapshotOnceAsync(HistoryPosition position, string body, CancellationToken cancellationToken)
    {
        var connection = await MySqlConnection.OpenAsync(_target, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync("START TRANSACTION", cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
                REPLACE INTO {MetaSchema.Database}.schema_history (task, seq, binlog_file, binlog_offset, body)
                VALUES ({Task}, 0, {SqlLiteral.Quote(position.File)}, {position.Offset}, {SqlLiteral.Quote(body)})
                """), cancellationToken).ConfigureAwait(false);

            // Entries the snapshot covers go; those after it stay (positions order by file sequence, then offset).
            await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
                DELETE FROM {MetaSchema.Database}.schema_history WHERE task = {Task} AND seq > 0
                  AND (CAST(SUBSTRING_INDEX(binlog_file, '.', -1) AS UNSIGNED) < {position.FileSequence}
                    OR (CAST(SUBSTRING_INDEX(binlog_file, '.', -1) AS UNSIGNED) = {position.FileSequence} AND binlog_offset <= {position.Offset}))
                """), cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync("COMMIT", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets the task's history (a task started over).</summary>
    public static Task DeleteAsync(MySqlConnection target, string task, CancellationToken cancellationToken) =>
        target.ExecuteAsync($"DELETE FROM {MetaSchema.Database}.schema_history WHERE task = {SqlLiteral.Quote(task)}", cancellationToken);

    private string Task => SqlLiteral.Quote(_task);

    private Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> operation, CancellationToken ct) =>
        _retry is null ? operation(ct) : _retry.RunAsync(what, operation, ct);
}
