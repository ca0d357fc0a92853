using System.Net.Sockets;

namespace Tandem.MySql.Tests.FakeServer;

/// <summary>
/// The server side of one client connection: MySQL packet framing written here independently of the client's
/// PacketChannel (3-byte little-endian length, sequence id, payload; 0xFFFFFF continues in the next packet),
/// so the tests check the client against the protocol rather than against itself.
/// </summary>
internal sealed class FakeConnection
{
    public const int MaxPacketSize = 0xFFFFFF;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly CancellationToken _stop;

    public FakeConnection(Socket socket, CancellationToken stop)
    {
        // Header and payload go out as separate writes; without NoDelay, Nagle plus delayed ACK adds 40 ms to each.
        socket.NoDelay = true;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _stop = stop;
    }

    /// <summary>The sequence id of the next packet, in either direction.</summary>
    public byte Sequence { get; set; }

    /// <summary>Every packet header received, in order: payload length and sequence id.</summary>
    public List<(int Length, byte Sequence)> ReceivedHeaders { get; } = [];

    /// <summary>Sends the greeting (sequence 0) and returns the parsed HandshakeResponse41.</summary>
    public async Task<ClientHandshakeResponse> GreetAsync(FakeGreeting greeting)
    {
        Sequence = 0;
        await WritePayloadAsync(greeting.ToPayload());
        return ClientHandshakeResponse.Parse(await ReadPayloadAsync());
    }

    /// <summary>Greets, accepts whatever the client answers with an OK, and waits for the first command.</summary>
    public async Task<byte[]> AcceptLoginAndReadCommandAsync(FakeGreeting greeting)
    {
        await GreetAsync(greeting);
        await WritePayloadAsync(FakePackets.Ok());
        return await ReadCommandAsync();
    }

    /// <summary>Reads the next command: the sequence restarts at 0.</summary>
    public Task<byte[]> ReadCommandAsync()
    {
        Sequence = 0;
        return ReadPayloadAsync();
    }

    /// <summary>Reads one logical payload, joining 0xFFFFFF continuation packets and checking sequence ids.</summary>
    public async Task<byte[]> ReadPayloadAsync() =>
        await ReadPayloadOrEndAsync() ?? throw new EndOfStreamException("the client closed the connection");

    /// <summary>Like <see cref="ReadPayloadAsync"/>, but null when the client closed the connection instead.</summary>
    public async Task<byte[]?> ReadPayloadOrEndAsync()
    {
        using var payload = new MemoryStream();
        while (true)
        {
            var header = new byte[4];
            if (!await ReadExactlyOrEndAsync(header))
            {
                if (payload.Length == 0)
                {
                    return null;
                }

                throw new EndOfStreamException("the client closed the connection inside a multi-packet payload");
            }

            var length = header[0] | (header[1] << 8) | (header[2] << 16);
            ReceivedHeaders.Add((length, header[3]));
            if (header[3] != Sequence)
            {
                throw new InvalidOperationException($"client packet has sequence id {header[3]}, expected {Sequence}");
            }

            Sequence++;
            var body = new byte[length];
            if (!await ReadExactlyOrEndAsync(body))
            {
                throw new EndOfStreamException($"the client closed the connection inside a {length}-byte packet");
            }

            payload.Write(body);
            if (length < MaxPacketSize)
            {
                return payload.ToArray();
            }
        }
    }

    /// <summary>Writes one logical payload as packets, continuing the sequence (a multiple of 0xFFFFFF ends with an empty packet).</summary>
    public async Task WritePayloadAsync(byte[] payload)
    {
        var offset = 0;
        while (true)
        {
            var chunk = Math.Min(MaxPacketSize, payload.Length - offset);
            await WritePacketAsync(payload.AsMemory(offset, chunk), Sequence++);
            offset += chunk;
            if (chunk < MaxPacketSize)
            {
                return;
            }
        }
    }

    /// <summary>Writes exactly one packet with the given sequence id, whatever its length; the sequence is not advanced.</summary>
    public async Task WritePacketAsync(ReadOnlyMemory<byte> payload, byte sequence)
    {
        var header = new byte[] { (byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), sequence };
        await WriteRawAsync(header);
        await WriteRawAsync(payload);
    }

    /// <summary>Writes bytes as they are, framing included or not.</summary>
    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes)
    {
        using var timeout = Timeout();
        await _stream.WriteAsync(bytes, timeout.Token);
    }

    /// <summary>Waits until the client closes its side, and fails if it sends anything first.</summary>
    public async Task ExpectClientClosesAsync()
    {
        // A client that gives up may still say goodbye with COM_QUIT, a new command with sequence 0.
        Sequence = 0;
        var extra = await ReadPayloadOrEndAsync();
        if (extra is not null && !(extra.Length == 1 && extra[0] == 0x01))
        {
            throw new InvalidOperationException($"expected the client to close, but it sent {extra.Length} more bytes");
        }
    }

    public void Close()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the client.
        }

        _stream.Dispose();
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer)
    {
        using var timeout = Timeout();
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = await _stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
            }
            catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                n = 0;
            }

            if (n == 0)
            {
                if (read == 0)
                {
                    return false;
                }

                throw new EndOfStreamException($"the client closed the connection after {read} of {buffer.Length} bytes");
            }

            read += n;
        }

        return true;
    }

    private CancellationTokenSource Timeout()
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop);
        cts.CancelAfter(FakeMySqlServer.ServerWaitLimit);
        return cts;
    }
}
