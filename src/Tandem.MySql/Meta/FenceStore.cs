using System.Globalization;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Meta;

/// <summary>
/// Reads and writes <c>tandem_meta.fence</c> rows for both sides of the protocol. Every state change is conditional on
/// the state it leaves, so a verifier's release and a runner's answer racing for one row never overwrite each other:
/// the loser changes nothing and learns the winner's state on its next read.
/// </summary>
internal static class FenceStore
{
    private const string Table = $"{MetaSchema.Database}.fence";
    private const int DuplicateKey = 1062;

    private const string Columns =
        "id, state, source_file, source_offset, applied_file, applied_offset, applied_gtids, TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), expires_at)";

    /// <summary>
    /// The fence the runner acts on: the task's newest row asking for something (pause, advance, release), or the one
    /// the runner holds, <paramref name="current"/>, whatever its state. A result older than <paramref name="current"/>
    /// therefore means the held row is gone.
    /// </summary>
    public static Task<FenceRow?> ReadNewestAsync(MySqlConnection target, string task, long? current, CancellationToken ct)
    {
        var asking = $"state IN ({SqlLiteral.Quote(FenceState.Pause)}, {SqlLiteral.Quote(FenceState.Advance)}, {SqlLiteral.Quote(FenceState.Release)})";
        var filter = current is { } id ? $"({asking} OR id = {id.ToString(CultureInfo.InvariantCulture)})" : asking;
        return ReadOneAsync(target, $"SELECT {Columns} FROM {Table} WHERE task = {SqlLiteral.Quote(task)} AND {filter} ORDER BY id DESC LIMIT 1", ct);
    }

    public static Task<FenceRow?> ReadAsync(MySqlConnection target, string task, long id, CancellationToken ct) =>
        ReadOneAsync(target, string.Create(CultureInfo.InvariantCulture, $"SELECT {Columns} FROM {Table} WHERE task = {SqlLiteral.Quote(task)} AND id = {id}"), ct);

    /// <summary>
    /// Inserts a <c>pause</c> row and returns its id: above every id the task used, and at least the current time in
    /// microseconds, so an id whose row was deleted is never handed out again.
    /// </summary>
    public static async Task<long> InsertPauseAsync(MySqlConnection target, string task, TimeSpan expiry, CancellationToken ct)
    {
        while (true)
        {
            var now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
            var id = Convert.ToInt64(
                await target.QueryScalarAsync(string.Create(CultureInfo.InvariantCulture, $"SELECT GREATEST(COALESCE(MAX(id), 0) + 1, {now}) FROM {Table} WHERE task = {SqlLiteral.Quote(task)}"), ct).ConfigureAwait(false),
                CultureInfo.InvariantCulture);
            try
            {
                await target.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
                    INSERT INTO {Table} (task, id, state, expires_at, updated_at)
                    VALUES ({SqlLiteral.Quote(task)}, {id}, {SqlLiteral.Quote(FenceState.Pause)}, {ExpiresAt(expiry)}, UTC_TIMESTAMP(6))
                    """), ct).ConfigureAwait(false);
                return id;
            }
            catch (MySqlServerException ex) when (ex.ErrorCode == DuplicateKey)
            {
                // Another verifier took the id between the read and the insert: take the next one.
            }
        }
    }

    /// <summary>The verifier's advance to <paramref name="source"/>; false when the row is no longer <c>paused</c> or expired.</summary>
    public static async Task<bool> AdvanceAsync(MySqlConnection target, string task, long id, BinlogFilePosition source, TimeSpan expiry, CancellationToken ct)
    {
        var result = await target.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            UPDATE {Table} SET state = {SqlLiteral.Quote(FenceState.Advance)}, source_file = {SqlLiteral.Quote(source.File)}, source_offset = {source.Offset},
              expires_at = {ExpiresAt(expiry)}, updated_at = UTC_TIMESTAMP(6)
            WHERE task = {SqlLiteral.Quote(task)} AND id = {id} AND state = {SqlLiteral.Quote(FenceState.Paused)} AND expires_at > UTC_TIMESTAMP(6)
            """), ct).ConfigureAwait(false);
        return result.AffectedRows == 1;
    }

    /// <summary>
    /// Restarts a fence's expiry from now once the verifier has its answer; false when the row is no longer in
    /// <paramref name="state"/> or already expired (an expired fence is never revived).
    /// </summary>
    public static async Task<bool> RenewAsync(MySqlConnection target, string task, long id, string state, TimeSpan expiry, CancellationToken ct)
    {
        var result = await target.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            UPDATE {Table} SET expires_at = {ExpiresAt(expiry)}, updated_at = UTC_TIMESTAMP(6)
            WHERE task = {SqlLiteral.Quote(task)} AND id = {id} AND state = {SqlLiteral.Quote(state)} AND expires_at > UTC_TIMESTAMP(6)
            """), ct).ConfigureAwait(false);
        return result.AffectedRows == 1;
    }

    /// <summary>The runner's answer (<c>paused</c> or <c>held</c>) with its checkpoint; false when the row left <paramref name="from"/>.</summary>
    public static async Task<bool> AnswerAsync(MySqlConnection target, string task, long id, string from, string to, BinlogPosition? applied, CancellationToken ct)
    {
        var result = await target.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            UPDATE {Table} SET state = {SqlLiteral.Quote(to)}, applied_file = {SqlLiteral.Format(applied?.File)}, applied_offset = {SqlLiteral.Format(applied?.Offset)},
              applied_gtids = {SqlLiteral.Format(applied?.Gtids)}, updated_at = UTC_TIMESTAMP(6)
            WHERE task = {SqlLiteral.Quote(task)} AND id = {id} AND state = {SqlLiteral.Quote(from)}
            """), ct).ConfigureAwait(false);
        return result.AffectedRows == 1;
    }

    /// <summary>
    /// Moves a fence that still holds to <paramref name="to"/> (release or expired); false when it no longer held, or
    /// with <paramref name="unexpired"/> when its expiry passed (the runner may resume at any moment after it).
    /// </summary>
    public static async Task<bool> EndAsync(MySqlConnection target, string task, long id, string to, bool unexpired, CancellationToken ct)
    {
        var holding = string.Join(", ", FenceState.Holding.Select(SqlLiteral.Quote));
        var result = await target.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            UPDATE {Table} SET state = {SqlLiteral.Quote(to)}, updated_at = UTC_TIMESTAMP(6)
            WHERE task = {SqlLiteral.Quote(task)} AND id = {id} AND state IN ({holding}){(unexpired ? " AND expires_at > UTC_TIMESTAMP(6)" : "")}
            """), ct).ConfigureAwait(false);
        return result.AffectedRows == 1;
    }

    public static Task DeleteAsync(MySqlConnection target, string task, long id, CancellationToken ct) =>
        target.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"DELETE FROM {Table} WHERE task = {SqlLiteral.Quote(task)} AND id = {id}"), ct);

    private static string ExpiresAt(TimeSpan expiry) =>
        string.Create(CultureInfo.InvariantCulture, $"UTC_TIMESTAMP(6) + INTERVAL {(long)Math.Ceiling(expiry.TotalMicroseconds)} MICROSECOND");

    private static async Task<FenceRow?> ReadOneAsync(MySqlConnection target, string sql, CancellationToken ct)
    {
        var reader = await target.QueryAsync(sql, ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                return null;
            var source = reader.IsDBNull(2) || reader.IsDBNull(3) ? (BinlogFilePosition?)null : new BinlogFilePosition(reader.GetString(2)!, reader.GetInt64(3));
            var applied = reader.IsDBNull(4) || reader.IsDBNull(5)
                ? null
                : new BinlogPosition(reader.GetString(4)!, reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6));
            var row = new FenceRow(reader.GetInt64(0), reader.GetString(1)!, source, applied, TimeSpan.FromMicroseconds(reader.GetInt64(7)));
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
            }

            return row;
        }
    }
}
