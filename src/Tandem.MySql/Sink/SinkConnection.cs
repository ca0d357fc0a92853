using System.Globalization;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Sink;

/// <summary>
/// A target connection set up for applying: session settings that make the sink's literals mean what the source's
/// values meant, re-applied whenever the connection was re-opened after a loss.
/// </summary>
internal sealed class SinkConnection : IAsyncDisposable
{
    /// <summary>
    /// UTC session time zone: the binlog carries TIMESTAMP values as UTC. NO_AUTO_VALUE_ON_ZERO: a 0 in an
    /// AUTO_INCREMENT column stays 0. Strict mode, so a value the target cannot hold fails instead of being cut, but
    /// zero and invalid dates the source stored are accepted. No foreign key checks: parallel writers order changes by
    /// row key, not by parent and child, and the source already checked them. No backslash-escape change: SqlLiteral
    /// doubles backslashes (see its remarks). READ COMMITTED: writers touch disjoint keys, and without gap locks two
    /// writers deleting absent keys in one gap cannot deadlock on their inserts.
    /// </summary>
    private const string SessionSetup =
        "SET NAMES utf8mb4; SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED; SET SESSION sql_mode = '" + StrictMode + "', " +
        "time_zone = '+00:00', foreign_key_checks = 0, autocommit = 1";

    public const string StrictMode = "STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES";

    /// <summary>
    /// For rows holding an ENUM's empty error value (index 0, stored by a non-strict source for an invalid label): no
    /// strict mode accepts it, so only the statements writing such rows run without it, between two SETs.
    /// </summary>
    public const string RelaxedMode = "NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES";

    private readonly string _setup;
    private uint _setUpFor;

    private SinkConnection(MySqlConnection connection, string? extraSetup)
    {
        Connection = connection;
        _setup = extraSetup is null ? SessionSetup : SessionSetup + "; " + extraSetup;
    }

    public MySqlConnection Connection { get; }

    /// <param name="extraSetup">Statements run after the session setup, each time it runs (a link's origin tagging).</param>
    public static async Task<SinkConnection> OpenAsync(MySqlConnectionOptions options, CancellationToken ct, string? extraSetup = null)
    {
        var connection = await MySqlConnection.OpenAsync(options with { Database = null }, ct).ConfigureAwait(false);
        var sink = new SinkConnection(connection, extraSetup);
        await sink.EnsureSessionAsync(ct).ConfigureAwait(false);
        return sink;
    }

    public async Task<long> MaxAllowedPacketAsync(CancellationToken ct) =>
        Convert.ToInt64(await Connection.QueryScalarAsync("SELECT @@max_allowed_packet", ct).ConfigureAwait(false), CultureInfo.InvariantCulture);

    /// <summary>Sets the session up again if the connection was re-opened (or is about to be) since it last was.</summary>
    public async Task EnsureSessionAsync(CancellationToken ct)
    {
        if (!Connection.IsBroken && _setUpFor == Connection.ConnectionId)
            return;
        await Connection.ExecuteAsync(_setup, ct).ConfigureAwait(false);
        _setUpFor = Connection.ConnectionId;
    }

    /// <summary>Runs one chunk; a failure names the statement's table and the source positions <paramref name="where"/>.</summary>
    public async Task ExecuteAsync(SqlChunk chunk, string where, CancellationToken ct)
    {
        if (chunk.LongValues is { } values)
        {
            await ExecuteLongAsync(chunk, values, where, ct).ConfigureAwait(false);
            return;
        }

        var done = 0;
        try
        {
            var reader = await Connection.QueryAsync(chunk.Sql, ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                done++;
                while (await reader.NextResultAsync(ct).ConfigureAwait(false))
                    done++;
            }
        }
        catch (MySqlException ex)
        {
            // The chunk may have stopped between its sql_mode SETs: set the session up again before the next use.
            _setUpFor = 0;
            var table = done < chunk.Tables.Count ? chunk.Tables[done] : null;
            throw Wrap(ex, table, where);
        }
        catch (IOException ex)
        {
            throw Wrap(ex, null, where);
        }
    }

    /// <summary>
    /// Runs a statement whose large values go as long data (see <see cref="SqlChunk.LongValues"/>): prepared, each value sent
    /// in pieces below max_allowed_packet straight from the row (never copied whole or hex-encoded), executed, closed.
    /// </summary>
    private async Task ExecuteLongAsync(SqlChunk chunk, IReadOnlyList<object> values, string where, CancellationToken ct)
    {
        try
        {
            var statement = await Connection.PrepareAsync(chunk.Sql, ct).ConfigureAwait(false);
            await using (statement.ConfigureAwait(false))
            {
                var placeholders = new object?[values.Count];
                for (var i = 0; i < values.Count; i++)
                {
                    if (values[i] is string text)
                    {
                        await statement.SendLongDataAsync(i, text, chunk.PieceBytes, ct).ConfigureAwait(false);
                        placeholders[i] = MySqlLongData.Text;
                    }
                    else
                    {
                        await statement.SendLongDataAsync(i, (byte[])values[i], chunk.PieceBytes, ct).ConfigureAwait(false);
                        placeholders[i] = MySqlLongData.Binary;
                    }
                }

                await statement.ExecuteAsync(placeholders, ct).ConfigureAwait(false);
            }
        }
        catch (MySqlException ex)
        {
            _setUpFor = 0;
            throw Wrap(ex, chunk.Tables.Count > 0 ? chunk.Tables[0] : null, where);
        }
        catch (IOException ex)
        {
            throw Wrap(ex, null, where);
        }
    }

    /// <summary>Ends a transaction a failed chunk left open; a broken connection has ended it already.</summary>
    public async Task RollbackQuietlyAsync()
    {
        if (Connection.IsBroken)
            return;
        try
        {
            await Connection.ExecuteAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MySqlException or IOException)
        {
            // The connection is gone; the server rolled back with it.
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    public static SinkApplyException Wrap(Exception ex, string? table, string where)
    {
        var target = table is null || table is "BEGIN" or "COMMIT" ? string.Empty : $" to {table}";
        var hint = (ex as Core.Errors.TandemException)?.Hint;
        if (ex is MySqlServerException server)
        {
            hint ??= server.ErrorCode switch
            {
                1146 or 1054 => "the target table or column differs from the source: create it as the source has it (or let the task's full copy create it), then resume",
                1062 => "a row on the target holds a unique value the source no longer has there: the target was changed outside Tandem; fix or remove that row, then resume",
                1406 or 1264 or 1366 => "the target column cannot hold the source's value: make its type match the source's",
                1452 or 1451 => "foreign key checks are on for this statement; Tandem turns them off in its sessions, so a trigger or another session must have turned them on",
                _ => null,
            };
        }

        return new SinkApplyException($"applying{target} (source {where}) failed: {ex.Message}", hint, table, where, ex);
    }
}
