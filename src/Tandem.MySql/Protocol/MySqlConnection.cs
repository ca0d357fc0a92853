using System.Buffers;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Session;

namespace Tandem.MySql.Protocol;

/// <summary>
/// A connection to a MySQL-family server. One command at a time; a result set streams through a
/// <see cref="MySqlDataReader"/> that must be read or disposed before the next command.
/// Cancelling a command's token sends KILL QUERY on a second connection, so the server stops the work
/// and this connection stays usable. A connection lost to a server restart reopens on the next command.
/// </summary>
public sealed class MySqlConnection : IAsyncDisposable
{
    private const int LocalInfileChunk = 1 << 20;

    private MySqlSession _session;
    private MySqlDataReader? _activeReader;
    private Stream? _localInfileContent;
    private Task? _pendingKill;
    private bool _disposed;

    private MySqlConnection(MySqlSession session)
    {
        _session = session;
    }

    public MySqlConnectionOptions Options => _session.Options;

    /// <summary>The server's version, without MariaDB's "5.5.5-" prefix (e.g. "10.11.6-MariaDB-0+deb12u1").</summary>
    public string ServerVersion => _session.ServerVersion;

    public bool IsMariaDb => _session.IsMariaDb;

    /// <summary>The server's id for this connection (what KILL and the processlist use).</summary>
    public uint ConnectionId => _session.ConnectionId;

    public bool IsTls => _session.IsTls;

    /// <summary>The authentication plugin the login finished with.</summary>
    public string AuthPluginName => _session.AuthPluginName;

    internal MySqlSession Session => _session;

    public static Task<MySqlConnection> OpenAsync(string uri, CancellationToken cancellationToken = default) =>
        OpenAsync(MySqlConnectionOptions.Parse(uri), cancellationToken);

    public static async Task<MySqlConnection> OpenAsync(MySqlConnectionOptions options, CancellationToken cancellationToken = default)
    {
        var session = await MySqlSession.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        return new MySqlConnection(session);
    }

    /// <summary>Runs statements that return no rows (or discards the rows) and returns the last OK.</summary>
    public async Task<MySqlResult> ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        var reader = await QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
            }

            return reader.LastResult;
        }
    }

    /// <summary>Sends a query and returns a reader positioned before its first row.</summary>
    public async Task<MySqlDataReader> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        await BeginCommandAsync(cancellationToken).ConfigureAwait(false);
        var reader = new MySqlDataReader(this, _session, RowFormat.Text);
        _activeReader = reader;
        try
        {
            await _session.SendCommandAsync(CommandKind.Query, sql, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _activeReader = null;
            throw;
        }

        await reader.ReadResultHeaderAsync(cancellationToken).ConfigureAwait(false);
        return reader;
    }

    /// <summary>The first column of the first row, or null when there is no row or the value is NULL.</summary>
    public async Task<object?> QueryScalarAsync(string sql, CancellationToken cancellationToken = default)
    {
        var reader = await QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.FieldCount > 0 ? reader.GetValue(0) : null;
        }
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await BeginCommandAsync(cancellationToken).ConfigureAwait(false);
        await _session.SendCommandAsync(new byte[] { (byte)CommandKind.Ping }, cancellationToken).ConfigureAwait(false);
        await _session.ReadOkAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>COM_RESET_CONNECTION: drops session variables, temporary tables, locks and prepared statements.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await BeginCommandAsync(cancellationToken).ConfigureAwait(false);
        await _session.SendCommandAsync(new byte[] { (byte)CommandKind.ResetConnection }, cancellationToken).ConfigureAwait(false);
        await _session.ReadOkAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<MySqlPreparedStatement> PrepareAsync(string sql, CancellationToken cancellationToken = default)
    {
        await BeginCommandAsync(cancellationToken).ConfigureAwait(false);
        var writer = _session.RentCommandWriter();
        writer.WriteByte((byte)CommandKind.StmtPrepare);
        writer.WriteString(sql);
        await _session.SendCommandAsync(writer.Written, cancellationToken).ConfigureAwait(false);
        try
        {
            var first = await _session.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            if (ErrorPayload.IsError(first.Span))
            {
                throw ErrorPayload.Create(first.Span).ToException();
            }

            var ok = StmtPrepareOkPayload.Create(first.Span);
            var parameters = await ReadDefinitionsAsync(ok.ParameterCount, cancellationToken).ConfigureAwait(false);
            var columns = await ReadDefinitionsAsync(ok.ColumnCount, cancellationToken).ConfigureAwait(false);
            return new MySqlPreparedStatement(this, ok.StatementId, parameters, columns);
        }
        catch (MySqlProtocolException)
        {
            // A malformed answer leaves the stream out of step: no command may follow on it.
            _session.MarkBroken();
            throw;
        }
    }

    /// <summary>
    /// Runs a <c>LOAD DATA LOCAL INFILE</c> statement, sending <paramref name="content"/> when the server asks for the file.
    /// The file name in the statement is only a label: no local file is ever read.
    /// </summary>
    public async Task<MySqlResult> LoadDataLocalAsync(string sql, Stream content, CancellationToken cancellationToken = default)
    {
        _localInfileContent = content;
        try
        {
            return await ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _localInfileContent = null;
        }
    }

    /// <summary>Stops the statement running on this connection by sending KILL QUERY from a second connection.</summary>
    public async Task KillQueryAsync(CancellationToken cancellationToken = default)
    {
        var killer = await OpenAsync(Options with { Database = null, BlockingIo = false }, cancellationToken).ConfigureAwait(false);
        await using (killer.ConfigureAwait(false))
        {
            try
            {
                await killer.ExecuteAsync($"KILL QUERY {ConnectionId}", cancellationToken).ConfigureAwait(false);
            }
            catch (MySqlServerException ex) when (ex.ErrorCode == 1094)
            {
                // Unknown thread id: the connection is already gone, so nothing runs on it.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_pendingKill is not null)
        {
            await AwaitQuietly(_pendingKill).ConfigureAwait(false);
        }

        if (_activeReader is not null)
        {
            // Reading the rest of a large result would take long; closing the socket ends it for the server too.
            _session.MarkBroken();
        }

        await _session.DisposeAsync().ConfigureAwait(false);
    }

    internal bool IsBroken => _session.IsBroken;

    internal bool HasActiveReader => _activeReader is not null;

    internal void ReaderFinished(MySqlDataReader reader)
    {
        if (ReferenceEquals(_activeReader, reader))
        {
            _activeReader = null;
        }
    }

    internal void SetActiveReader(MySqlDataReader reader) => _activeReader = reader;

    /// <summary>While a command runs, cancelling the token sends KILL QUERY instead of breaking the connection.</summary>
    internal CancellationTokenRegistration CancelOnKill(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static state => ((MySqlConnection)state!).StartKill(), this)
            : default;

    internal Exception TranslateError(MySqlServerException error, CancellationToken cancellationToken)
    {
        // The server ends the connection after these (shutdown, connection killed, idle timeout): the next command reconnects.
        if (error.ErrorCode is 1053 or 1927 or 4031)
        {
            _session.MarkBroken();
        }

        // 1317: query execution was interrupted; MariaDB also reports 1927/3024-style errors for killed statements.
        if (cancellationToken.IsCancellationRequested && error.ErrorCode is 1317 or 1927 or 3024 or 1969)
        {
            return new OperationCanceledException("the query was cancelled (KILL QUERY)", error, cancellationToken);
        }

        return error;
    }

    internal async ValueTask<OkPayload> AnswerLocalInfileAsync(byte[] fileName, CancellationToken cancellationToken)
    {
        var content = _localInfileContent;
        if (content is not null)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(LocalInfileChunk);
            try
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, LocalInfileChunk), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await _session.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        // An empty packet ends the file; without content the server loads nothing.
        await _session.WriteAsync(ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        var payload = await _session.ReadPayloadAsync(CancellationToken.None).ConfigureAwait(false);
        if (ErrorPayload.IsError(payload.Span))
        {
            throw TranslateError(ErrorPayload.Create(payload.Span).ToException(), cancellationToken);
        }

        if (content is null)
        {
            throw new MySqlException(
                $"the server asked for local file '{Values.ValueText.Describe(fileName)}', but no content was given",
                "use LoadDataLocalAsync with a stream; Tandem never reads local files a server names");
        }

        return OkPayload.Create(payload.Span);
    }

    internal async ValueTask BeginCommandAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_activeReader is not null)
        {
            throw new InvalidOperationException("a result set is still open on this connection: read it to the end or dispose its reader first");
        }

        if (_pendingKill is not null)
        {
            // A KILL QUERY still on its way must not hit the next statement.
            await AwaitQuietly(_pendingKill).ConfigureAwait(false);
            _pendingKill = null;
        }

        if (_session.IsBroken)
        {
            var options = _session.Options;
            await _session.DisposeAsync().ConfigureAwait(false);
            _session = await MySqlSession.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        }
    }

    internal async Task<ColumnDefinition[]> ReadDefinitionsAsync(int count, CancellationToken cancellationToken)
    {
        var definitions = new ColumnDefinition[count];
        if (count == 0)
        {
            return definitions;
        }

        for (var i = 0; i < count; i++)
        {
            var payload = await _session.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            definitions[i] = ColumnDefinition.Create(payload.Span, _session.ExtendedMetadata);
        }

        if (!_session.DeprecateEof)
        {
            var eof = await _session.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            if (!EofPayload.IsEof(eof.Span))
            {
                _session.MarkBroken();
                throw new MySqlProtocolException("expected an EOF packet after the definitions");
            }
        }

        return definitions;
    }

    private void StartKill()
    {
        if (_pendingKill is null || _pendingKill.IsCompleted)
        {
            _pendingKill = Task.Run(() => KillQueryAsync(CancellationToken.None));
        }
    }

    private static async Task AwaitQuietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MySqlException or OperationCanceledException)
        {
            // A failed KILL only means the statement ran to its end.
        }
    }
}
