using System.Globalization;
using System.Text;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// The copy's plan and progress in <c>tandem_meta.copy_table</c> and <c>copy_chunk</c>. A table's plan (its row and all
/// its chunks) is stored in one transaction, so a table is either fully planned or not at all; a chunk turns done in
/// the same target transaction as its rows (<see cref="ChunkDoneSql"/>).
/// </summary>
internal static class CopyProgressStore
{
    public const string Planned = "planned";
    public const string Done = "done";
    public const string Pending = "pending";

    private const int ChunksPerStatement = 500;

    public sealed record StoredTable(string Database, string Table, string TargetDatabase, string TargetTable, string State);

    public sealed record StoredChunk(string Database, string Table, int Chunk, string? Lower, string? Upper, string State, long Rows, BinlogPosition? ReadAt);

    public static async Task<List<StoredTable>> ReadTablesAsync(MySqlConnection target, string task, CancellationToken ct)
    {
        var tables = new List<StoredTable>();
        var reader = await target.QueryAsync(
            $"SELECT db, tbl, target_db, target_tbl, state FROM {MetaSchema.Database}.copy_table WHERE task = {SqlLiteral.Quote(task)}", ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                tables.Add(new StoredTable(reader.GetString(0)!, reader.GetString(1)!, reader.GetString(2)!, reader.GetString(3)!, reader.GetString(4)!));
        }

        return tables;
    }

    public static async Task<List<StoredChunk>> ReadChunksAsync(MySqlConnection target, string task, CancellationToken ct)
    {
        var chunks = new List<StoredChunk>();
        var reader = await target.QueryAsync(
            "SELECT db, tbl, chunk, lower_bound, upper_bound, state, rows_copied, snapshot_file, snapshot_offset, snapshot_gtids " +
            $"FROM {MetaSchema.Database}.copy_chunk WHERE task = {SqlLiteral.Quote(task)} ORDER BY db, tbl, chunk", ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var readAt = reader.IsDBNull(7)
                    ? null
                    : new BinlogPosition(reader.GetString(7)!, reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetString(9));
                chunks.Add(new StoredChunk(
                    reader.GetString(0)!, reader.GetString(1)!, (int)reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5)!, reader.GetInt64(6), readAt));
            }
        }

        return chunks;
    }

    /// <summary>Stores a table's plan and its chunks, all pending, in one transaction.</summary>
    public static async Task SavePlanAsync(MySqlConnection target, string task, CopyTablePlan table, IReadOnlyList<CopyChunk> chunks, long estimatedRows, CancellationToken ct)
    {
        var db = SqlLiteral.Quote(table.Source.Database);
        var tbl = SqlLiteral.Quote(table.Source.Name);
        var taskLiteral = SqlLiteral.Quote(task);
        // Pinned: a connection reopened mid-transaction would autocommit the rest, leaving a partial plan.
        var id = target.ConnectionId;
        await PinnedSession.ExecuteAsync(target, id, "START TRANSACTION", ct).ConfigureAwait(false);
        try
        {
            await PinnedSession.ExecuteAsync(target, id, string.Create(CultureInfo.InvariantCulture, $"""
                REPLACE INTO {MetaSchema.Database}.copy_table (task, db, tbl, target_db, target_tbl, state, chunks, estimated_rows, updated_at)
                VALUES ({taskLiteral}, {db}, {tbl}, {SqlLiteral.Quote(table.TargetDatabase)}, {SqlLiteral.Quote(table.TargetTable)}, '{Planned}', {chunks.Count}, {estimatedRows}, UTC_TIMESTAMP(6))
                """), ct).ConfigureAwait(false);
            foreach (var batch in chunks.Chunk(ChunksPerStatement))
            {
                var sql = new StringBuilder($"INSERT INTO {MetaSchema.Database}.copy_chunk (task, db, tbl, chunk, lower_bound, upper_bound, state, updated_at) VALUES ");
                for (var i = 0; i < batch.Length; i++)
                {
                    var chunk = batch[i];
                    sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"({taskLiteral}, {db}, {tbl}, {chunk.Index}, ")
                        .Append(Literal(ChunkBounds.Encode(chunk.Lower))).Append(", ").Append(Literal(ChunkBounds.Encode(chunk.Upper)))
                        .Append(CultureInfo.InvariantCulture, $", '{Pending}', UTC_TIMESTAMP(6))");
                }

                await PinnedSession.ExecuteAsync(target, id, sql.ToString(), ct).ConfigureAwait(false);
            }

            await PinnedSession.ExecuteAsync(target, id, "COMMIT", ct).ConfigureAwait(false);
        }
        catch
        {
            await RollbackQuietlyAsync(target).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Marks a chunk done with its row count and snapshot position; run in the transaction that wrote its rows.</summary>
    public static string ChunkDoneSql(string task, CopyChunk chunk, long rows, BinlogPosition readAt) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            UPDATE {MetaSchema.Database}.copy_chunk SET state = '{Done}', rows_copied = {rows}, snapshot_file = {SqlLiteral.Quote(readAt.File)},
              snapshot_offset = {readAt.Offset}, snapshot_gtids = {Literal(readAt.Gtids)}, updated_at = UTC_TIMESTAMP(6)
            WHERE task = {SqlLiteral.Quote(task)} AND db = {SqlLiteral.Quote(chunk.Table.Source.Database)} AND tbl = {SqlLiteral.Quote(chunk.Table.Source.Name)} AND chunk = {chunk.Index}
            """);

    public static string TableDoneSql(string task, CopyTablePlan table) =>
        $"UPDATE {MetaSchema.Database}.copy_table SET state = '{Done}', updated_at = UTC_TIMESTAMP(6) " +
        $"WHERE task = {SqlLiteral.Quote(task)} AND db = {SqlLiteral.Quote(table.Source.Database)} AND tbl = {SqlLiteral.Quote(table.Source.Name)}";

    private static string Literal(string? value) => value is null ? "NULL" : SqlLiteral.Quote(value);

    private static async Task RollbackQuietlyAsync(MySqlConnection target)
    {
        try
        {
            await target.ExecuteAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
        }
        catch (MySqlException)
        {
            // The connection is gone, and with it the transaction.
        }
    }
}
