using System.Text;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Protocol.Session;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Protocol;

/// <summary>
/// Streams the result sets of one command row by row: only the current row is in memory.
/// Disposing it reads whatever is left, so the connection is ready for the next command.
/// Values come back exact: see <see cref="TextValueDecoder"/> for the type of each column.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset.html.
/// </summary>
public sealed class MySqlDataReader : IAsyncDisposable
{
    private readonly MySqlConnection _connection;
    private readonly MySqlSession _session;
    private readonly RowFormat _format;
    private readonly MySqlPreparedStatement? _statement;
    private ColumnDefinition[] _columns = [];
    private int[] _offsets = [];
    private int[] _lengths = [];
    private ReadOnlyMemory<byte> _row;
    private bool _inRows;
    private bool _moreResults;
    private bool _finished;

    internal MySqlDataReader(MySqlConnection connection, MySqlSession session, RowFormat format, MySqlPreparedStatement? statement = null)
    {
        _statement = statement;
        _connection = connection;
        _session = session;
        _format = format;
    }

    public IReadOnlyList<ColumnDefinition> Columns => _columns;

    public int FieldCount => _columns.Length;

    /// <summary>The OK of the last result that returned no rows (affected rows, insert id, warnings).</summary>
    public MySqlResult LastResult { get; private set; }

    /// <summary>True while the current result set has rows to read.</summary>
    public bool HasRows => _inRows;

    public int GetOrdinal(string name)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentException($"the result has no column named '{name}'", nameof(name));
    }

    /// <summary>Moves to the next row of the current result set.</summary>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!_inRows)
        {
            return new ValueTask<bool>(false);
        }

        // Rows arrive many to a socket read: a buffered one is taken without a state machine or a
        // KILL registration, as nothing waits that could be cancelled.
        if (!cancellationToken.IsCancellationRequested)
        {
            bool buffered;
            ReadOnlyMemory<byte> payload;
            try
            {
                buffered = _session.TryReadBufferedPayload(out payload);
            }
            catch (Exception ex)
            {
                Finish();
                return ValueTask.FromException<bool>(ex);
            }

            if (buffered)
            {
                try
                {
                    return new ValueTask<bool>(AcceptRow(payload, cancellationToken));
                }
                catch (Exception ex)
                {
                    return ValueTask.FromException<bool>(ex);
                }
            }
        }

        return ReadSlowAsync(cancellationToken);
    }

    private async ValueTask<bool> ReadSlowAsync(CancellationToken cancellationToken)
    {
        using var kill = _connection.CancelOnKill(cancellationToken);
        ReadOnlyMemory<byte> payload;
        try
        {
            payload = await _session.ReadPayloadAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            Finish();
            throw;
        }

        return AcceptRow(payload, cancellationToken);
    }

    /// <summary>Takes a packet of the current result: a row (true), its end, or an error.</summary>
    private bool AcceptRow(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        // The previous row's bytes are gone from the buffer once the next packet is read.
        _row = default;
        var span = payload.Span;
        if (span.Length > 0 && span[0] == ErrorPayload.Signature)
        {
            Finish();
            throw _connection.TranslateError(ParseOrBreak(span, static s => ErrorPayload.Create(s)).ToException(), cancellationToken);
        }

        if (IsEndOfRows(span))
        {
            _inRows = false;
            var status = _session.DeprecateEof ? ParseOrBreak(span, static s => OkPayload.Create(s)).Status : EofPayload.Create(span).Status;
            _moreResults = (status & ServerStatus.MoreResultsExist) != 0;
            if (!_moreResults)
            {
                Finish();
            }

            return false;
        }

        _row = payload;
        if (_format == RowFormat.Text)
        {
            IndexTextRow(span);
        }
        else
        {
            IndexBinaryRow(span);
        }

        return true;
    }

    /// <summary>Moves to the next result set of a multi-statement command; false when there is none.</summary>
    public async ValueTask<bool> NextResultAsync(CancellationToken cancellationToken = default)
    {
        while (_inRows)
        {
            await ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!_moreResults || _finished)
        {
            return false;
        }

        _moreResults = false;
        await ReadResultHeaderAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public bool IsDBNull(int ordinal) => _lengths[CheckOrdinal(ordinal)] < 0;

    /// <summary>The exact value of a column of the current row, or null for SQL NULL.</summary>
    public object? GetValue(int ordinal)
    {
        CheckOrdinal(ordinal);
        if (_lengths[ordinal] < 0)
        {
            return null;
        }

        var column = _columns[ordinal];
        if (_format == RowFormat.Text)
        {
            return TextValueDecoder.Decode(column, _row.Span.Slice(_offsets[ordinal], _lengths[ordinal]));
        }

        var reader = new PayloadReader(_row.Span, "binary row") { Offset = _offsets[ordinal] };
        return BinaryValueDecoder.Decode(column, ref reader);
    }

    /// <summary>The bytes of a value as the server sent them (text protocol: its text form); empty for NULL.</summary>
    public ReadOnlySpan<byte> GetRawBytes(int ordinal)
    {
        CheckOrdinal(ordinal);
        return _lengths[ordinal] < 0 ? default : _row.Span.Slice(_offsets[ordinal], _lengths[ordinal]);
    }

    public string? GetString(int ordinal)
    {
        var value = GetValue(ordinal);
        return value switch
        {
            null => null,
            string s => s,
            byte[] b => Encoding.UTF8.GetString(b),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }

    public long GetInt64(int ordinal) => GetValue(ordinal) switch
    {
        long l => l,
        ulong u => checked((long)u),
        int i => i,
        null => throw new InvalidCastException($"column '{_columns[ordinal].Name}' is NULL"),
        var v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    public ulong GetUInt64(int ordinal) => GetValue(ordinal) switch
    {
        ulong u => u,
        long l => checked((ulong)l),
        int i => checked((ulong)i),
        null => throw new InvalidCastException($"column '{_columns[ordinal].Name}' is NULL"),
        var v => Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync()
    {
        if (_finished)
        {
            return;
        }

        try
        {
            while (await NextResultAsync().ConfigureAwait(false))
            {
            }
        }
        finally
        {
            Finish();
        }
    }

    internal async ValueTask ReadResultHeaderAsync(CancellationToken cancellationToken)
    {
        using var kill = _connection.CancelOnKill(cancellationToken);
        try
        {
            await ReadResultHeaderCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlProtocolException)
        {
            // A malformed OK, ERR or column count leaves the stream out of step: no command may follow on it.
            _session.MarkBroken();
            Finish();
            throw;
        }
        catch
        {
            Finish();
            throw;
        }
    }

    private async ValueTask ReadResultHeaderCoreAsync(CancellationToken cancellationToken)
    {
        var payload = await _session.ReadPayloadAsync(CancellationToken.None).ConfigureAwait(false);
        var span = payload.Span;
        if (span.Length == 0)
        {
            _session.MarkBroken();
            throw new MySqlProtocolException("empty packet where a result set was expected");
        }

        switch (span[0])
        {
            case ErrorPayload.Signature:
                var error = ErrorPayload.Create(span).ToException();
                throw _connection.TranslateError(error, cancellationToken);
            case OkPayload.Signature:
                var ok = OkPayload.Create(span);
                LastResult = MySqlResult.From(ok);
                _columns = [];
                _inRows = false;
                _moreResults = (ok.Status & ServerStatus.MoreResultsExist) != 0;
                if (!_moreResults)
                {
                    Finish();
                }

                return;
            case 0xFB:
                // LOCAL INFILE request: only LoadDataLocalAsync may answer it with content.
                var ok2 = await _connection.AnswerLocalInfileAsync(span[1..].ToArray(), cancellationToken).ConfigureAwait(false);
                LastResult = MySqlResult.From(ok2);
                _moreResults = (ok2.Status & ServerStatus.MoreResultsExist) != 0;
                if (!_moreResults)
                {
                    Finish();
                }

                return;
        }

        var reader = new PayloadReader(span, "column count");
        var count = reader.ReadLengthEncodedInteger();
        if (count > 4096)
        {
            _session.MarkBroken();
            throw new MySqlProtocolException($"result set claims {count} columns; MySQL allows at most 4096");
        }

        // With MARIADB_CLIENT_CACHE_METADATA a byte says whether definitions follow; an execute of an unchanged
        // prepared statement skips them. See https://mariadb.com/kb/en/result-set-packets/#column-count-packet.
        var metadataFollows = !_session.CacheMetadata || ReadMetadataFlag(ref reader);
        ColumnDefinition[] columns;
        if (metadataFollows)
        {
            var scratch = _session.ColumnDefinitions.Scratch((int)count);
            for (var i = 0; i < (int)count; i++)
            {
                var definition = await _session.ReadPayloadAsync(CancellationToken.None).ConfigureAwait(false);
                scratch[i] = ParseColumn(i, definition.Span);
            }

            columns = _session.ColumnDefinitions.Complete(scratch.AsSpan(0, (int)count));
            if (_statement is not null)
            {
                _statement.ResultColumns = columns;
            }
        }
        else if (_statement is not null && _statement.ResultColumns.Length == (int)count)
        {
            columns = _statement.ResultColumns;
        }
        else
        {
            _session.MarkBroken();
            throw new MySqlProtocolException($"the server skipped the definitions of a {count}-column result this client holds none for");
        }

        if (!_session.DeprecateEof)
        {
            var eof = await _session.ReadPayloadAsync(CancellationToken.None).ConfigureAwait(false);
            if (!EofPayload.IsEof(eof.Span))
            {
                _session.MarkBroken();
                throw new MySqlProtocolException("expected an EOF packet after the column definitions");
            }
        }

        _columns = columns;
        (_offsets, _lengths) = _session.RowIndex(columns.Length);

        _inRows = true;
    }

    private bool ReadMetadataFlag(ref PayloadReader reader)
    {
        try
        {
            return reader.ReadByte() != 0;
        }
        catch (MySqlProtocolException)
        {
            _session.MarkBroken();
            throw;
        }
    }

    internal ColumnDefinition ParseColumn(int index, ReadOnlySpan<byte> span)
    {
        try
        {
            return _session.ColumnDefinitions.Get(index, span, _session.ExtendedMetadata);
        }
        catch (MySqlProtocolException)
        {
            _session.MarkBroken();
            throw;
        }
    }

    /// <summary>Parses a packet that ends rows; a malformed one leaves the stream out of step, so the session is marked broken.</summary>
    private T ParseOrBreak<T>(ReadOnlySpan<byte> span, PayloadParser<T> parse)
    {
        try
        {
            return parse(span);
        }
        catch (MySqlProtocolException)
        {
            _session.MarkBroken();
            Finish();
            throw;
        }
    }

    private delegate T PayloadParser<out T>(ReadOnlySpan<byte> span);

    private bool IsEndOfRows(ReadOnlySpan<byte> span) =>
        span.Length > 0 && span[0] == EofPayload.Signature &&
        (_session.DeprecateEof ? span.Length < PacketChannel.MaxPacketSize : span.Length < 9);

    private void IndexTextRow(ReadOnlySpan<byte> span)
    {
        var reader = new PayloadReader(span, "text row");
        try
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                if (reader.PeekByte() == 0xFB)
                {
                    reader.ReadByte();
                    _lengths[i] = -1;
                    continue;
                }

                var length = reader.ReadLengthEncodedInteger();
                if (length > (ulong)reader.Remaining)
                {
                    throw reader.Malformed($"a value of {length} bytes for column {_columns[i].Name}, only {reader.Remaining} remain", reader.Offset);
                }

                _offsets[i] = reader.Offset;
                _lengths[i] = (int)length;
                reader.Skip((int)length);
            }
        }
        catch (MySqlProtocolException)
        {
            _session.MarkBroken();
            Finish();
            throw;
        }
    }

    private void IndexBinaryRow(ReadOnlySpan<byte> span)
    {
        // Binary row: 0x00, a NULL bitmap with a 2-bit offset, then the non-NULL values.
        // See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html.
        var reader = new PayloadReader(span, "binary row");
        try
        {
            reader.ReadByte();
            var bitmap = reader.ReadBytes((_columns.Length + 7 + 2) / 8);
            for (var i = 0; i < _columns.Length; i++)
            {
                var bit = i + 2;
                if ((bitmap[bit / 8] & (1 << (bit % 8))) != 0)
                {
                    _lengths[i] = -1;
                    continue;
                }

                var start = reader.Offset;
                _offsets[i] = start;
                switch (_columns[i].Type)
                {
                    case ColumnType.Tiny:
                        reader.Skip(1);
                        break;
                    case ColumnType.Short or ColumnType.Year:
                        reader.Skip(2);
                        break;
                    case ColumnType.Long or ColumnType.Int24 or ColumnType.Float:
                        reader.Skip(4);
                        break;
                    case ColumnType.LongLong or ColumnType.Double:
                        reader.Skip(8);
                        break;
                    case ColumnType.Date or ColumnType.NewDate or ColumnType.DateTime or ColumnType.Timestamp or ColumnType.Time
                        or ColumnType.DateTime2 or ColumnType.Timestamp2 or ColumnType.Time2:
                        reader.Skip(reader.ReadByte());
                        break;
                    default:
                        var length = reader.ReadLengthEncodedInteger();
                        if (length > (ulong)reader.Remaining)
                        {
                            throw reader.Malformed($"a value of {length} bytes for column {_columns[i].Name}", reader.Offset);
                        }

                        reader.Skip((int)length);
                        break;
                }

                _lengths[i] = reader.Offset - start;
            }
        }
        catch (MySqlProtocolException)
        {
            _session.MarkBroken();
            Finish();
            throw;
        }
    }

    private int CheckOrdinal(int ordinal)
    {
        if ((uint)ordinal >= (uint)_columns.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), $"the result has {_columns.Length} columns");
        }

        // Never a valid row: binary rows start with 0x00 and text rows hold at least one value.
        if (_row.IsEmpty)
        {
            throw new InvalidOperationException("there is no current row: read values only after ReadAsync returned true");
        }

        return ordinal;
    }

    private void Finish()
    {
        if (!_finished)
        {
            _finished = true;
            _row = default;
            _inRows = false;
            _moreResults = false;
            _connection.ReaderFinished(this);
        }
    }
}
