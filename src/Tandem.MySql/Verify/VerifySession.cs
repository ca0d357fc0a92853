using Tandem.Core.Errors;
using Tandem.MySql.Protocol;
using Tandem.MySql.Snapshot;

namespace Tandem.MySql.Verify;

/// <summary>
/// One connection a verification reads through, on the source or the target. Its session reads values as raw bytes in
/// UTC with no SQL mode in the way; a lost connection is reopened with the same settings and the query sent again,
/// except inside a snapshot (consistent mode), where reopening would read outside it, so that is an error.
/// </summary>
internal sealed class VerifySession : IAsyncDisposable
{
    private readonly MySqlConnectionOptions _options;
    private readonly QueryCounter _counter;
    private MySqlConnection _connection;
    private uint _id;

    private VerifySession(MySqlConnectionOptions options, MySqlConnection connection, QueryCounter counter, bool pinned)
    {
        _options = options;
        _connection = connection;
        _id = connection.ConnectionId;
        _counter = counter;
        IsPinned = pinned;
    }

    /// <summary>True when the session holds a snapshot and must never be reopened.</summary>
    public bool IsPinned { get; }

    public MySqlConnection Connection => _connection;

    public string DisplayName => _options.DisplayName;

    public static async Task<VerifySession> OpenAsync(MySqlConnectionOptions options, QueryCounter counter, CancellationToken ct) =>
        new(options, await OpenConnectionAsync(options, ct).ConfigureAwait(false), counter, pinned: false);

    /// <summary>Wraps a connection that already holds a snapshot transaction, opened by <see cref="SnapshotOpener"/> with the same session setup.</summary>
    public static VerifySession Pinned(MySqlConnectionOptions options, MySqlConnection connection, QueryCounter counter) =>
        new(options, connection, counter, pinned: true);

    public static async Task<MySqlConnection> OpenConnectionAsync(MySqlConnectionOptions options, CancellationToken ct)
    {
        var connection = await MySqlConnection.OpenAsync(options with { Database = null }, ct).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(SnapshotOpener.SessionSetup, ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<MySqlDataReader> QueryAsync(string sql, CancellationToken ct)
    {
        _counter.Add();
        try
        {
            return await PinnedSession.QueryAsync(_connection, _id, sql, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsPinned && !ct.IsCancellationRequested && ex is CopyConnectionLostException or MySqlConnectionException)
        {
            await ReopenAsync(ct).ConfigureAwait(false);
            return await PinnedSession.QueryAsync(_connection, _id, sql, ct).ConfigureAwait(false);
        }
        catch (CopyConnectionLostException ex) when (IsPinned)
        {
            throw new TandemException(
                $"lost the connection to {DisplayName} that held the verification's snapshot",
                "run tandem verify again (with --resume to keep the tables already compared)", ex);
        }
    }

    /// <summary>Reads all rows of a query, handing each to <paramref name="row"/>.</summary>
    public async Task ReadAsync(string sql, Action<MySqlDataReader> row, CancellationToken ct)
    {
        var reader = await QueryAsync(sql, ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                row(reader);
        }
    }

    private async Task ReopenAsync(CancellationToken ct)
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _connection = await OpenConnectionAsync(_options, ct).ConfigureAwait(false);
        _id = _connection.ConnectionId;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
