using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Session;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Protocol;

/// <summary>
/// A server-side prepared statement; results use the binary protocol.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html.
/// </summary>
public sealed class MySqlPreparedStatement : IAsyncDisposable
{
    private readonly MySqlConnection _connection;
    private readonly MySqlSession _session;
    private bool _closed;
    private byte[] _typeScratch = [];
    private byte[]? _boundTypes;

    internal MySqlPreparedStatement(MySqlConnection connection, uint id, ColumnDefinition[] parameters, ColumnDefinition[] columns)
    {
        _connection = connection;
        _session = connection.Session;
        Id = id;
        Parameters = parameters;
        ResultColumns = columns;
    }

    public uint Id { get; }

    public IReadOnlyList<ColumnDefinition> Parameters { get; }

    public IReadOnlyList<ColumnDefinition> Columns => ResultColumns;

    /// <summary>The result's definitions as last sent, reused when the server skips unchanged ones (MARIADB_CLIENT_CACHE_METADATA).</summary>
    internal ColumnDefinition[] ResultColumns { get; set; }

    public async Task<MySqlDataReader> ExecuteQueryAsync(IReadOnlyList<object?> values, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (values.Count != Parameters.Count)
        {
            throw new ArgumentException($"the statement has {Parameters.Count} parameters, {values.Count} values were given", nameof(values));
        }

        await _connection.BeginCommandAsync(cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(_session, _connection.Session))
        {
            throw new MySqlConnectionException("the connection was reopened after a failure, and prepared statements do not survive that", "prepare the statement again");
        }

        var rebind = false;
        var writer = _session.RentCommandWriter();
        writer.WriteByte((byte)CommandKind.StmtExecute);
        writer.WriteUInt32(Id);
        writer.WriteByte(0); // CURSOR_TYPE_NO_CURSOR
        writer.WriteUInt32(1); // iteration count
        if (values.Count > 0)
        {
            var bitmap = writer.GetSpan((values.Count + 7) / 8);
            bitmap.Clear();
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is null || values[i] is DBNull)
                {
                    bitmap[i / 8] |= (byte)(1 << (i % 8));
                }
            }

            var data = _session.RentParameterWriter();
            var types = _typeScratch.Length == values.Count * 2 ? _typeScratch : _typeScratch = new byte[values.Count * 2];
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i] is DBNull ? null : values[i];
                BinaryParameterEncoder.Encode(value, data, out var type, out var unsigned);
                types[i * 2] = (byte)type;
                types[(i * 2) + 1] = unsigned ? (byte)0x80 : (byte)0;
            }

            // new-params-bound: the server keeps the types of the last execute, so they are sent only when they change
            // (as libmariadb does), which spares the server re-reading them on every execute.
            rebind = _boundTypes is null || !types.AsSpan().SequenceEqual(_boundTypes);
            writer.WriteByte(rebind ? (byte)1 : (byte)0);
            if (rebind)
            {
                writer.WriteBytes(types);
            }

            writer.WriteBytes(data.WrittenSpan);
        }

        var reader = new MySqlDataReader(_connection, _session, RowFormat.Binary, this);
        _connection.SetActiveReader(reader);
        try
        {
            await _session.SendCommandAsync(writer.Written, cancellationToken).ConfigureAwait(false);
            await reader.ReadResultHeaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Whether the server kept the new types is unknown: send them again next time.
            _boundTypes = null;
            throw;
        }

        if (rebind)
        {
            _boundTypes = (byte[])_typeScratch.Clone();
        }

        return reader;
    }

    public Task<MySqlDataReader> ExecuteQueryAsync(params object?[] values) => ExecuteQueryAsync(values, CancellationToken.None);

    public async Task<MySqlResult> ExecuteAsync(IReadOnlyList<object?> values, CancellationToken cancellationToken = default)
    {
        var reader = await ExecuteQueryAsync(values, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
            }

            return reader.LastResult;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (_session.IsBroken || !ReferenceEquals(_session, _connection.Session) || _connection.HasActiveReader)
        {
            return;
        }

        // COM_STMT_CLOSE has no response.
        var writer = _session.RentCommandWriter();
        writer.WriteByte((byte)CommandKind.StmtClose);
        writer.WriteUInt32(Id);
        try
        {
            await _session.SendCommandAsync(writer.Written, CancellationToken.None).ConfigureAwait(false);
        }
        catch (MySqlConnectionException)
        {
            // The statement dies with the connection.
        }
    }
}
