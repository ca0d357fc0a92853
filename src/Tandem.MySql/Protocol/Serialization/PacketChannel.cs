using System.Buffers;

namespace Tandem.MySql.Protocol.Serialization;

/// <summary>
/// Splits a byte stream into MySQL packets and back: a 3-byte length, a sequence id, the payload.
/// A payload of 0xFFFFFF bytes continues in the next packet, so payloads of any size travel both ways.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html.
/// A payload returned by <see cref="ReadPayloadAsync"/> stays valid until the next read.
/// </summary>
internal sealed class PacketChannel : IDisposable
{
    public const int MaxPacketSize = 0xFFFFFF;
    private const int HeaderSize = 4;
    private const int ReadBufferSize = 64 * 1024;
    private const int RetainedLargeBytes = 2 * MaxPacketSize + 2;

    private readonly long _maxPayloadBytes;
    private byte[] _readBuffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
    private byte[] _writeBuffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
    private byte[]? _largePayload;
    private int _readStart;
    private int _readEnd;

    public PacketChannel(Stream stream, long maxPayloadBytes)
    {
        Stream = stream;
        _maxPayloadBytes = maxPayloadBytes;
    }

    public Stream Stream { get; private set; }

    public byte Sequence { get; set; }

    /// <summary>
    /// Read and write with blocking calls on the caller's thread. For connections that own a dedicated thread,
    /// this saves the epoll wake-up and thread-pool hop of every round trip; the async methods then complete synchronously.
    /// </summary>
    public bool Blocking { get; set; }

    public bool HasBufferedData => _readEnd > _readStart;

    public void ResetSequence() => Sequence = 0;

    /// <summary>Replaces the stream after a TLS upgrade; nothing may be buffered from the old one.</summary>
    public void ReplaceStream(Stream stream)
    {
        if (HasBufferedData)
        {
            throw new MySqlProtocolException("the server sent data before the TLS handshake");
        }

        Stream = stream;
    }

    /// <summary>
    /// Takes the next payload when its whole packet is already buffered, without any await: most rows of a
    /// result arrive many to a read, so they are taken this way. False when the socket must be read first.
    /// </summary>
    public bool TryReadBufferedPayload(out ReadOnlyMemory<byte> payload)
    {
        var available = _readEnd - _readStart;
        if (available >= HeaderSize)
        {
            var header = _readBuffer.AsSpan(_readStart, HeaderSize);
            var length = header[0] | (header[1] << 8) | (header[2] << 16);
            if (length < MaxPacketSize && available - HeaderSize >= length)
            {
                ReleaseHugePayload();
                CheckSequence(header[3]);
                payload = _readBuffer.AsMemory(_readStart + HeaderSize, length);
                _readStart += HeaderSize + length;
                return true;
            }
        }

        payload = default;
        return false;
    }

    public ValueTask<ReadOnlyMemory<byte>> ReadPayloadAsync(CancellationToken cancellationToken)
    {
        // Only the waits need a state machine.
        if (TryReadBufferedPayload(out var payload))
        {
            return new ValueTask<ReadOnlyMemory<byte>>(payload);
        }

        return ReadPayloadSlowAsync(cancellationToken);
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadPayloadSlowAsync(CancellationToken cancellationToken)
    {
        var (length, sequence) = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (length < MaxPacketSize && length <= _readBuffer.Length)
        {
            ReleaseHugePayload();
            await EnsureBufferedAsync(length, cancellationToken).ConfigureAwait(false);
            var payload = _readBuffer.AsMemory(_readStart, length);
            _readStart += length;
            CheckSequence(sequence);
            return payload;
        }

        CheckSequence(sequence);
        return await ReadLargePayloadAsync(length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one payload as one or more packets, continuing the sequence.</summary>
    public async ValueTask WritePayloadAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length < MaxPacketSize)
        {
            var total = payload.Length + HeaderSize;
            if (_writeBuffer.Length < total)
            {
                ArrayPool<byte>.Shared.Return(_writeBuffer);
                _writeBuffer = ArrayPool<byte>.Shared.Rent(total);
            }

            WriteHeader(_writeBuffer, payload.Length);
            payload.Span.CopyTo(_writeBuffer.AsSpan(HeaderSize));
            await SendAsync(_writeBuffer.AsMemory(0, total), flush: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        var offset = 0;
        while (true)
        {
            var chunk = Math.Min(MaxPacketSize, payload.Length - offset);
            WriteHeader(_writeBuffer, chunk);
            await SendAsync(_writeBuffer.AsMemory(0, HeaderSize), flush: false, cancellationToken).ConfigureAwait(false);
            await SendAsync(payload.Slice(offset, chunk), flush: false, cancellationToken).ConfigureAwait(false);
            offset += chunk;

            // A payload that ends on a full packet needs an empty packet to say it is complete.
            if (chunk < MaxPacketSize)
            {
                break;
            }
        }

        await SendAsync(ReadOnlyMemory<byte>.Empty, flush: true, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask SendAsync(ReadOnlyMemory<byte> bytes, bool flush, CancellationToken cancellationToken)
    {
        if (Blocking)
        {
            Stream.Write(bytes.Span);
            if (flush)
            {
                Stream.Flush();
            }

            return ValueTask.CompletedTask;
        }

        return flush ? WriteAndFlushAsync(bytes, cancellationToken) : Stream.WriteAsync(bytes, cancellationToken);
    }

    private async ValueTask WriteAndFlushAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (!bytes.IsEmpty)
        {
            await Stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_readBuffer);
        ArrayPool<byte>.Shared.Return(_writeBuffer);
        _readBuffer = [];
        _writeBuffer = [];
        _largePayload = null;
    }

    private void WriteHeader(Span<byte> buffer, int length)
    {
        buffer[0] = (byte)length;
        buffer[1] = (byte)(length >> 8);
        buffer[2] = (byte)(length >> 16);
        buffer[3] = Sequence++;
    }

    private async ValueTask<(int Length, byte Sequence)> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        await EnsureBufferedAsync(HeaderSize, cancellationToken).ConfigureAwait(false);
        var header = _readBuffer.AsSpan(_readStart, HeaderSize);
        var length = header[0] | (header[1] << 8) | (header[2] << 16);
        var sequence = header[3];
        _readStart += HeaderSize;
        return (length, sequence);
    }

    private void CheckSequence(byte sequence)
    {
        if (sequence != Sequence)
        {
            throw new MySqlProtocolException($"packet out of order: expected sequence id {Sequence}, received {sequence}");
        }

        Sequence++;
    }

    /// <summary>
    /// Given the start of a payload longer than one packet, the whole payload's length when the protocol carried on this
    /// channel says it (a binlog event's header does), or -1: its buffer is then allocated once, at its size.
    /// </summary>
    public Func<ReadOnlySpan<byte>, long>? LargePayloadLength { get; set; }

    private async ValueTask<ReadOnlyMemory<byte>> ReadLargePayloadAsync(int firstLength, CancellationToken cancellationToken)
    {
        long total = 0;
        var length = firstLength;
        if (LargePayloadLength is { } lengthOf)
        {
            await EnsureBufferedAsync(Math.Min(length, 64), cancellationToken).ConfigureAwait(false);
            var expected = lengthOf(_readBuffer.AsSpan(_readStart, Math.Min(length, _readEnd - _readStart)));
            if (expected > length && expected <= Math.Min(_maxPayloadBytes, Array.MaxLength))
                EnsureLargeCapacity((int)expected, 0, exact: true);
        }

        while (true)
        {
            if (total + length > _maxPayloadBytes)
            {
                throw new MySqlProtocolException($"the server sent a payload larger than the limit of {_maxPayloadBytes} bytes");
            }

            EnsureLargeCapacity((int)(total + length), (int)total);
            var copied = 0;
            while (copied < length)
            {
                if (!HasBufferedData)
                {
                    await EnsureBufferedAsync(1, cancellationToken).ConfigureAwait(false);
                }

                var n = Math.Min(length - copied, _readEnd - _readStart);
                _readBuffer.AsSpan(_readStart, n).CopyTo(_largePayload.AsSpan((int)total + copied));
                _readStart += n;
                copied += n;
            }

            total += length;
            if (length < MaxPacketSize)
            {
                return _largePayload.AsMemory(0, (int)total);
            }

            (length, var sequence) = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            CheckSequence(sequence);
        }
    }

    /// <summary>
    /// Room for <paramref name="needed"/> bytes of a payload longer than one packet, <paramref name="copy"/> of them carried
    /// over. Outside the shared pool, which would keep every size a large payload passed through for good; doubling unless
    /// the length is known (<paramref name="exact"/>).
    /// </summary>
    private void EnsureLargeCapacity(int needed, int copy, bool exact = false)
    {
        if (_largePayload is not null && _largePayload.Length >= needed)
        {
            return;
        }

        var size = exact ? needed : (int)Math.Max(needed, Math.Min(Array.MaxLength, (_largePayload?.Length ?? 0) * 2L));
        var bigger = GC.AllocateUninitializedArray<byte>(size);
        _largePayload?.AsSpan(0, copy).CopyTo(bigger);
        _largePayload = bigger;
    }

    /// <summary>Lets a buffer kept for one very large payload go once a smaller one is read, so a connection does not hold it for good.</summary>
    private void ReleaseHugePayload()
    {
        if (_largePayload is { Length: > RetainedLargeBytes })
        {
            _largePayload = null;
        }
    }

    private ValueTask EnsureBufferedAsync(int count, CancellationToken cancellationToken)
    {
        if (_readEnd - _readStart >= count)
        {
            return ValueTask.CompletedTask;
        }

        return FillAsync(count, cancellationToken);
    }

    private async ValueTask FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_readBuffer.Length - _readStart < count)
        {
            var remaining = _readEnd - _readStart;
            _readBuffer.AsSpan(_readStart, remaining).CopyTo(_readBuffer);
            _readStart = 0;
            _readEnd = remaining;
        }

        while (_readEnd - _readStart < count)
        {
            var read = Blocking
                ? Stream.Read(_readBuffer.AsSpan(_readEnd))
                : await Stream.ReadAsync(_readBuffer.AsMemory(_readEnd), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("the server closed the connection");
            }

            _readEnd += read;
        }
    }
}
