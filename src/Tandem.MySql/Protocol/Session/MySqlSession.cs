using System.Net.Sockets;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Protocol.Transport;

namespace Tandem.MySql.Protocol.Session;

/// <summary>
/// One authenticated connection to a server: the connection phase, then commands and their raw responses.
/// It knows packets and their order, not result sets: those are read by <see cref="MySqlDataReader"/>.
/// Any I/O failure or malformed packet marks the session broken; it is never used again.
/// </summary>
internal sealed class MySqlSession : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PacketChannel _channel;
    private readonly PayloadWriter _commandWriter = new(1024);
    private readonly PayloadWriter _parameterWriter = new(256);
    private int[] _rowOffsets = [];
    private int[] _rowLengths = [];
    private CancellationTokenSource? _readTimeout;

    private MySqlSession(MySqlConnectionOptions options, Socket socket)
    {
        Options = options;
        _socket = socket;
        _channel = new PacketChannel(new NetworkStream(socket, ownsSocket: true), options.MaxPayloadBytes);
    }

    public MySqlConnectionOptions Options { get; }

    public string ServerVersion { get; private set; } = string.Empty;

    public bool IsMariaDb { get; private set; }

    public uint ConnectionId { get; private set; }

    public CapabilityFlags Capabilities { get; private set; }

    public bool IsTls { get; private set; }

    public bool IsBroken { get; private set; }

    public bool DeprecateEof => (Capabilities & CapabilityFlags.DeprecateEof) != 0;

    public bool ExtendedMetadata => (Capabilities & CapabilityFlags.MariaDbExtendedMetadata) != 0;

    /// <summary>MariaDB 10.6+: each column count carries a "metadata follows" byte, and executes of a prepared statement skip unchanged definitions.</summary>
    public bool CacheMetadata => (Capabilities & CapabilityFlags.MariaDbCacheMetadata) != 0;

    public string AuthPluginName { get; private set; } = string.Empty;

    /// <summary>The last result's column definitions, reused when the next result sends the same ones.</summary>
    public ColumnDefinitionCache ColumnDefinitions { get; } = new();

    public static async Task<MySqlSession> ConnectAsync(MySqlConnectionOptions options, CancellationToken cancellationToken)
    {
        var socket = await SocketConnector.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        var session = new MySqlSession(options, socket);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (options.ConnectTimeout > TimeSpan.Zero)
            {
                timeout.CancelAfter(options.ConnectTimeout);
            }

            if (options.BlockingIo)
            {
                // Blocking from the first byte (see SocketConnector); the socket's timeout bounds the handshake.
                session._channel.Blocking = true;
                session._socket.ReceiveTimeout = TimeoutMilliseconds(options.ConnectTimeout);
                session._socket.SendTimeout = TimeoutMilliseconds(options.ConnectTimeout);
            }

            await session.HandshakeAsync(timeout.Token).ConfigureAwait(false);
            if (options.BlockingIo)
            {
                session._socket.ReceiveTimeout = TimeoutMilliseconds(options.ReadTimeout);
                session._socket.SendTimeout = 0;
            }

            return session;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await session.AbandonAsync().ConfigureAwait(false);
            throw new MySqlConnectionException(
                $"{options.DisplayName} accepted the connection but did not complete the handshake within {options.ConnectTimeout.TotalSeconds:0.#} s",
                "is this port a MySQL-family server? Check the port, or raise connect-timeout");
        }
        catch (IOException ex) when (options.BlockingIo && ex.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut })
        {
            await session.AbandonAsync().ConfigureAwait(false);
            throw new MySqlConnectionException(
                $"{options.DisplayName} accepted the connection but did not complete the handshake within {options.ConnectTimeout.TotalSeconds:0.#} s",
                "is this port a MySQL-family server? Check the port, or raise connect-timeout");
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            await session.AbandonAsync().ConfigureAwait(false);
            throw new MySqlConnectionException($"connection to {options.DisplayName} was lost during the handshake: {ex.Message}", "check that this port is a MySQL-family server and that TLS settings match", ex);
        }
        catch
        {
            await session.AbandonAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts a new command: resets the sequence and sends the payload.</summary>
    public ValueTask SendCommandAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        _channel.ResetSequence();
        return WriteAsync(payload, cancellationToken);
    }

    /// <summary>Sends a command made of a command byte and a string (COM_QUERY, COM_INIT_DB).</summary>
    public ValueTask SendCommandAsync(CommandKind command, string text, CancellationToken cancellationToken)
    {
        _commandWriter.Clear();
        _commandWriter.WriteByte((byte)command);
        _commandWriter.WriteString(text);
        return SendCommandAsync(_commandWriter.Written, cancellationToken);
    }

    /// <summary>Sends a further packet of the current command (auth data, LOAD DATA content).</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        try
        {
            await _channel.WritePayloadAsync(payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
        {
            throw Broken("sending to", ex);
        }
    }

    /// <summary>The command writer, to build a payload in place; valid until the next send.</summary>
    public PayloadWriter RentCommandWriter()
    {
        _commandWriter.Clear();
        return _commandWriter;
    }

    /// <summary>A second writer for a command's parameter values, built beside the command; valid until the next send.</summary>
    public PayloadWriter RentParameterWriter()
    {
        _parameterWriter.Clear();
        return _parameterWriter;
    }

    /// <summary>
    /// Where a reader indexes the values of the current row: shared by the session's readers, as only one
    /// reads at a time and a row is only valid until the next read anyway.
    /// </summary>
    public (int[] Offsets, int[] Lengths) RowIndex(int columns)
    {
        if (_rowOffsets.Length < columns)
        {
            _rowOffsets = new int[columns];
            _rowLengths = new int[columns];
        }

        return (_rowOffsets, _rowLengths);
    }

    /// <summary>
    /// Takes the next payload, valid until the next read, when it is already buffered: no wait, so no
    /// timeout or cancellation applies. False when it must be read with <see cref="ReadPayloadAsync"/>.
    /// </summary>
    public bool TryReadBufferedPayload(out ReadOnlyMemory<byte> payload)
    {
        if (IsBroken)
        {
            payload = default;
            return false;
        }

        try
        {
            return _channel.TryReadBufferedPayload(out payload);
        }
        catch (MySqlProtocolException)
        {
            MarkBroken();
            throw;
        }
    }

    /// <summary>Reads the next packet's payload, valid until the next read.</summary>
    public ValueTask<ReadOnlyMemory<byte>> ReadPayloadAsync(CancellationToken cancellationToken)
    {
        // A buffered payload needs no timeout, cancellation or state machine.
        if (!cancellationToken.IsCancellationRequested && TryReadBufferedPayload(out var payload))
        {
            return new ValueTask<ReadOnlyMemory<byte>>(payload);
        }

        return ReadPayloadSlowAsync(cancellationToken);
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadPayloadSlowAsync(CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        var token = cancellationToken;
        CancellationTokenSource? linked = null;
        if (Options.ReadTimeout > TimeSpan.Zero && !_channel.Blocking)
        {
            _readTimeout ??= new CancellationTokenSource();
            _readTimeout.CancelAfter(Options.ReadTimeout);
            token = _readTimeout.Token;
            if (cancellationToken.CanBeCanceled)
            {
                linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, token);
                token = linked.Token;
            }
        }

        try
        {
            using var _ = linked;
            var payload = await _channel.ReadPayloadAsync(token).ConfigureAwait(false);
            if (_readTimeout is not null && !_readTimeout.TryReset())
            {
                _readTimeout.Dispose();
                _readTimeout = null;
            }

            return payload;
        }
        catch (OperationCanceledException ex) when (_readTimeout?.IsCancellationRequested == true)
        {
            throw Broken($"reading from (no answer within {Options.ReadTimeout.TotalSeconds:0.#} s)", ex);
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut } && _channel.Blocking)
        {
            throw Broken($"reading from (no answer within {Options.ReadTimeout.TotalSeconds:0.#} s)", ex);
        }
        catch (MySqlProtocolException)
        {
            MarkBroken();
            throw;
        }
        catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
        {
            throw Broken("reading from", ex);
        }
    }

    /// <summary>Reads one OK or ERR answer (COM_PING, COM_RESET_CONNECTION, COM_INIT_DB, a statement that returns no rows).</summary>
    public async ValueTask<OkPayload> ReadOkAsync(CancellationToken cancellationToken)
    {
        var payload = await ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        var span = payload.Span;
        try
        {
            if (ErrorPayload.IsError(span))
            {
                throw ErrorPayload.Create(span).ToException();
            }

            if (OkPayload.IsOk(span, DeprecateEof))
            {
                return OkPayload.Create(span);
            }
        }
        catch (MySqlProtocolException)
        {
            // A malformed OK or ERR leaves the stream out of step.
            MarkBroken();
            throw;
        }

        MarkBroken();
        throw new MySqlProtocolException($"expected an OK packet, received one starting 0x{(span.Length > 0 ? span[0] : 0):X2} of {span.Length} bytes");
    }

    public void MarkBroken() => IsBroken = true;

    /// <summary>Tells the packet layer how to learn a large payload's length from its start (see <see cref="PacketChannel.LargePayloadLength"/>).</summary>
    public void ExpectLargePayloads(Func<ReadOnlySpan<byte>, long> lengthOf) => _channel.LargePayloadLength = lengthOf;

    /// <summary>Closes a session whose connection phase did not finish: no COM_QUIT, which the server would read as auth data.</summary>
    private ValueTask AbandonAsync()
    {
        MarkBroken();
        return DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsBroken && _socket.Connected)
        {
            try
            {
                _channel.ResetSequence();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _channel.WritePayloadAsync(new byte[] { (byte)CommandKind.Quit }, cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server is gone already; closing is all that is left to do.
            }
        }

        IsBroken = true;
        await _channel.Stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _channel.Dispose();
        _commandWriter.Dispose();
        _parameterWriter.Dispose();
        _readTimeout?.Dispose();
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var greetingPayload = await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        if (ErrorPayload.IsError(greetingPayload.Span))
        {
            // E.g. 1040 too many connections or 1129 host blocked, sent instead of a greeting.
            throw ErrorPayload.Create(greetingPayload.Span).ToException();
        }

        var greeting = InitialHandshakePayload.Create(greetingPayload.Span);
        ServerVersion = greeting.ServerVersion;
        IsMariaDb = greeting.IsMariaDb;
        ConnectionId = greeting.ConnectionId;

        var capabilities = ChooseCapabilities(greeting.Capabilities, greeting.IsMariaDb);
        var isUnixSocket = Options.UnixSocket is not null;
        var serverHasTls = (greeting.Capabilities & CapabilityFlags.Ssl) != 0;
        var wantTls = Options.TlsMode switch
        {
            TlsMode.Disable => false,
            TlsMode.Prefer => serverHasTls && !isUnixSocket,
            _ => true,
        };

        if (wantTls && !serverHasTls)
        {
            throw new MySqlConnectionException(
                $"{Options.DisplayName} does not offer TLS, and the URI asks for tls={Options.TlsMode.ToString().ToLowerInvariant()}",
                "enable TLS on the server (ssl_cert, ssl_key), or use tls=prefer or tls=disable");
        }

        if (wantTls)
        {
            capabilities |= CapabilityFlags.Ssl;
            var request = RentCommandWriter();
            HandshakeResponsePayload.WriteSslRequest(request, capabilities);
            await _channel.WritePayloadAsync(request.Written, cancellationToken).ConfigureAwait(false);
            var tls = await TlsUpgrade.AuthenticateAsync(_channel.Stream, Options, cancellationToken).ConfigureAwait(false);
            _channel.ReplaceStream(tls);
            IsTls = true;
        }

        Capabilities = capabilities;
        var exchange = new AuthenticationExchange(Options, isSecure: IsTls || isUnixSocket, greeting.AuthPluginName, greeting.Scramble);
        var response = IsKnownPlugin(greeting.AuthPluginName) ? exchange.InitialResponse() : [];
        var writer = RentCommandWriter();
        HandshakeResponsePayload.Write(writer, capabilities, Options.User, response, Options.Database, exchange.PluginName, ConnectAttributes());
        await _channel.WritePayloadAsync(writer.Written, cancellationToken).ConfigureAwait(false);

        while (true)
        {
            var payload = await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            var span = payload.Span;
            if (span.Length == 0)
            {
                throw new MySqlProtocolException("empty packet during authentication");
            }

            switch (span[0])
            {
                case OkPayload.Signature:
                    AuthPluginName = exchange.PluginName;
                    return;
                case ErrorPayload.Signature:
                    var error = ErrorPayload.Create(span);
                    if (error.ErrorCode == 1045)
                    {
                        throw new MySqlServerException(
                            error.ErrorCode,
                            error.SqlState,
                            error.Message,
                            $"check the user and password in the URI ({Options.DisplayName}) and that '{Options.User}' may connect from this host");
                    }

                    throw error.ToException();
                case AuthSwitchRequestPayload.Signature:
                    exchange.Switch(AuthSwitchRequestPayload.Create(span));
                    await _channel.WritePayloadAsync(exchange.InitialResponse(), cancellationToken).ConfigureAwait(false);
                    break;
                case 0x01:
                    var answer = exchange.MoreData(span[1..]);
                    if (answer is not null)
                    {
                        await _channel.WritePayloadAsync(answer, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                default:
                    throw new MySqlProtocolException($"unexpected packet 0x{span[0]:X2} during authentication");
            }
        }
    }

    private static int TimeoutMilliseconds(TimeSpan timeout) =>
        timeout > TimeSpan.Zero ? (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds)) : 0;

    private static bool IsKnownPlugin(string name) =>
        name is Auth.AuthPluginNames.NativePassword or Auth.AuthPluginNames.CachingSha2 or Auth.AuthPluginNames.Sha256 or Auth.AuthPluginNames.Ed25519;

    private CapabilityFlags ChooseCapabilities(CapabilityFlags server, bool isMariaDb)
    {
        var wanted = CapabilityFlags.LongPassword | CapabilityFlags.LongFlag | CapabilityFlags.Protocol41 | CapabilityFlags.Transactions |
            CapabilityFlags.SecureConnection | CapabilityFlags.MultiStatements | CapabilityFlags.MultiResults | CapabilityFlags.PsMultiResults |
            CapabilityFlags.PluginAuth | CapabilityFlags.PluginAuthLengthEncodedClientData | CapabilityFlags.ConnectAttrs | CapabilityFlags.LocalFiles;
        if (Options.UseDeprecateEof)
        {
            wanted |= CapabilityFlags.DeprecateEof;
        }

        if (!string.IsNullOrEmpty(Options.Database))
        {
            wanted |= CapabilityFlags.ConnectWithDb;
        }

        if (isMariaDb)
        {
            wanted |= CapabilityFlags.MariaDbExtendedMetadata | CapabilityFlags.MariaDbCacheMetadata;
        }

        var chosen = wanted & server;
        if ((chosen & CapabilityFlags.Protocol41) == 0)
        {
            throw new MySqlConnectionException($"{Options.DisplayName} does not speak protocol 4.1", "Tandem needs MySQL 4.1 or later");
        }

        // MySQL needs bit 0 for long passwords. MariaDB reads a client that sets it (CLIENT_MYSQL to MariaDB)
        // as a MySQL client and then ignores the extended capabilities, so it stays clear there.
        return isMariaDb ? chosen & ~CapabilityFlags.LongPassword : chosen | CapabilityFlags.LongPassword;
    }

    private static List<KeyValuePair<string, string>> ConnectAttributes() =>
    [
        new("_client_name", "tandem"),
        new("_client_version", typeof(MySqlSession).Assembly.GetName().Version?.ToString() ?? "0"),
        new("_pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("program_name", "tandem"),
    ];

    private void ThrowIfBroken()
    {
        if (IsBroken)
        {
            throw new MySqlConnectionException($"the connection to {Options.DisplayName} was lost earlier and cannot be used", "open a new connection");
        }
    }

    private static bool IsConnectionFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is IOException or SocketException or ObjectDisposedException ||
        (ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private MySqlConnectionException Broken(string action, Exception ex)
    {
        MarkBroken();
        var detail = ex is EndOfStreamException ? "the server closed the connection" : ex.Message;
        return new MySqlConnectionException(
            $"lost the connection while {action} {Options.DisplayName}: {detail}",
            "the server may have restarted, crashed or killed the connection; the statement's outcome is unknown, and a new connection is needed",
            ex);
    }
}
