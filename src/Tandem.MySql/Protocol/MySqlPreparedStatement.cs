using System.Buffers;
using System.Text;
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

    /// <summary>
    /// Sends parameter <paramref name="parameter"/>'s value ahead of the execute, in COM_STMT_SEND_LONG_DATA packets of at
    /// most <paramref name="pieceBytes"/> bytes (the server appends them and sends no reply), so a value larger than one
    /// packet travels in packets below max_allowed_packet; execute with <see cref="MySqlLongData.Binary"/> in its place.
    /// The server still refuses, at the execute, a value assembled larger than its max_allowed_packet.
    /// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_send_long_data.html.
    /// </summary>
    public async Task SendLongDataAsync(int parameter, ReadOnlyMemory<byte> value, int pieceBytes, CancellationToken cancellationToken = default)
    {
        await BeginLongDataAsync(parameter, pieceBytes, cancellationToken).ConfigureAwait(false);
        var at = 0;
        do
        {
            var piece = value.Slice(at, Math.Min(pieceBytes, value.Length - at));
            await SendPieceAsync(parameter, piece.Span, cancellationToken).ConfigureAwait(false);
            at += piece.Length;
        }
        while (at < value.Length);
    }

    /// <summary>
    /// Sends a text parameter's value as UTF-8 (the session's character_set_client is utf8mb4), encoded piece by piece so the
    /// whole UTF-8 form is never held at once; execute with <see cref="MySqlLongData.Text"/> in its place.
    /// </summary>
    public async Task SendLongDataAsync(int parameter, string value, int pieceBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        await BeginLongDataAsync(parameter, pieceBytes, cancellationToken).ConfigureAwait(false);
        var encoder = Encoding.UTF8.GetEncoder();
        var buffer = ArrayPool<byte>.Shared.Rent(pieceBytes);
        try
        {
            // A UTF-16 unit becomes at most 3 bytes of UTF-8, and a surrogate pair split between two pieces 4 in the second.
            var chars = Math.Max(1, (pieceBytes - 1) / 3);
            var at = 0;
            do
            {
                var count = Math.Min(chars, value.Length - at);
                encoder.Convert(value.AsSpan(at, count), buffer, flush: at + count == value.Length, out var used, out var written, out _);
                await SendPieceAsync(parameter, buffer.AsSpan(0, written), cancellationToken).ConfigureAwait(false);
                at += used;
            }
            while (at < value.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask BeginLongDataAsync(int parameter, int pieceBytes, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(parameter);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(parameter, Parameters.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceBytes, 16);
        await _connection.BeginCommandAsync(cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(_session, _connection.Session))
        {
            throw new MySqlConnectionException("the connection was reopened after a failure, and prepared statements do not survive that", "prepare the statement again");
        }
    }

    private ValueTask SendPieceAsync(int parameter, ReadOnlySpan<byte> piece, CancellationToken cancellationToken)
    {
        var writer = _session.RentCommandWriter();
        writer.WriteByte((byte)CommandKind.StmtSendLongData);
        writer.WriteUInt32(Id);
        writer.WriteUInt16((ushort)parameter);
        writer.WriteBytes(piece);
        return _session.SendCommandAsync(writer.Written, cancellationToken);
    }

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
