using System.Buffers;

namespace Tandem.MySql.Binlog.Compression;

/// <summary>
/// Reads the decompressed bytes of zstd data, such as the payload of a TRANSACTION_PAYLOAD event
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Transaction__payload__event.html), straight into
/// the caller's buffer: a transaction of any size passes through in chunks of the caller's choosing and is never held
/// whole. Uses the system libzstd streaming API (ZSTD_decompressStream). Read-only and forward-only.
/// </summary>
internal sealed class ZstdDecompressionStream : Stream
{
    /// <summary>ZSTD_DStreamInSize(): one compressed block plus its header, the read size zstd recommends.</summary>
    private const int InputBufferSize = (128 * 1024) + 3;

    private readonly ZstdDStreamHandle _handle;
    private readonly Stream? _source;
    private readonly bool _leaveOpen;
    private readonly long _maxDecompressedSize;
    private byte[]? _inputBuffer;
    private ReadOnlyMemory<byte> _pending;
    private bool _sourceDone;
    private bool _frameComplete;
    private long _produced;
    private bool _disposed;

    /// <summary>Decompresses bytes already in memory, such as a payload event's body.</summary>
    /// <param name="maxDecompressedSize">The most bytes the data may yield (the payload's declared uncompressed size); more is corrupt input.</param>
    public ZstdDecompressionStream(ReadOnlyMemory<byte> compressed, long maxDecompressedSize)
        : this(maxDecompressedSize)
    {
        _pending = compressed;
        _sourceDone = true;
    }

    /// <summary>Decompresses bytes read from <paramref name="compressed"/> as they are needed.</summary>
    public ZstdDecompressionStream(Stream compressed, long maxDecompressedSize, bool leaveOpen = false)
        : this(maxDecompressedSize)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        _source = compressed;
        _leaveOpen = leaveOpen;
        _inputBuffer = ArrayPool<byte>.Shared.Rent(InputBufferSize);
    }

    private ZstdDecompressionStream(long maxDecompressedSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDecompressedSize);
        ZstdLibrary.EnsureAvailable();
        _maxDecompressedSize = maxDecompressedSize;
        try
        {
            _handle = ZstdNative.CreateDStream();
        }
        catch (DllNotFoundException ex)
        {
            throw ZstdLibrary.Missing(ZstdNative.Library, ex);
        }
        catch (EntryPointNotFoundException ex)
        {
            throw ZstdLibrary.Missing(ZstdNative.Library, ex);
        }

        if (_handle.IsInvalid)
        {
            throw new OutOfMemoryException("libzstd could not allocate a decompression stream (ZSTD_createDStream returned NULL)");
        }

        var init = ZstdNative.InitDStream(_handle);
        if (ZstdNative.IsError(init) != 0)
        {
            _handle.Dispose();
            throw new ZstdDecompressionException($"libzstd could not start decompressing: {ZstdNative.ErrorName(init)}", ZstdNative.ErrorName(init));
        }
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("a zstd stream's decompressed length is known only once it has been read");

    /// <summary>How many decompressed bytes have been read so far.</summary>
    public override long Position
    {
        get => _produced;
        set => throw new NotSupportedException("a zstd decompression stream reads forward only");
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (NeedsInput)
            {
                var read = _source!.Read(_inputBuffer!, 0, InputBufferSize);
                Received(read);
            }

            var written = Step(buffer);
            if (written >= 0)
            {
                return written;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (NeedsInput)
            {
                var read = await _source!.ReadAsync(_inputBuffer.AsMemory(0, InputBufferSize), cancellationToken).ConfigureAwait(false);
                Received(read);
            }

            var written = Step(buffer.Span);
            if (written >= 0)
            {
                return written;
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a zstd decompression stream reads forward only");

    public override void SetLength(long value) => throw new NotSupportedException("a zstd decompression stream is read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a zstd decompression stream is read-only");

    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            if (disposing)
            {
                _handle.Dispose();
                if (_inputBuffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(_inputBuffer);
                    _inputBuffer = null;
                }

                _pending = ReadOnlyMemory<byte>.Empty;
                if (_source is not null && !_leaveOpen)
                {
                    _source.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }

    private bool NeedsInput => _pending.IsEmpty && !_sourceDone;

    private void Received(int read)
    {
        if (read == 0)
        {
            _sourceDone = true;
        }
        else
        {
            _pending = _inputBuffer.AsMemory(0, read);
        }
    }

    /// <summary>One call into zstd. Returns the bytes written (0 only at the clean end), or -1 when it must be called again.</summary>
    private unsafe int Step(Span<byte> destination)
    {
        if (_pending.IsEmpty && _sourceDone && _frameComplete)
        {
            return 0;
        }

        // Offer at most one byte past the limit, so an oversized payload is detected without decoding all of it.
        var remaining = _maxDecompressedSize - _produced;
        var room = remaining >= destination.Length ? destination.Length : (int)remaining + 1;

        nuint result;
        int consumed, written;
        fixed (byte* source = _pending.Span)
        fixed (byte* target = destination)
        {
            var input = new ZstdInBuffer { Source = source, Size = (nuint)_pending.Length, Position = 0 };
            var output = new ZstdOutBuffer { Destination = target, Size = (nuint)room, Position = 0 };
            result = ZstdNative.DecompressStream(_handle, &output, &input);
            consumed = (int)input.Position;
            written = (int)output.Position;
        }

        if (ZstdNative.IsError(result) != 0)
        {
            var name = ZstdNative.ErrorName(result);
            throw new ZstdDecompressionException($"the zstd data is corrupt after {_produced} decompressed bytes: {name}", name);
        }

        _pending = _pending[consumed..];
        _frameComplete = result == 0;
        _produced += written;
        if (_produced > _maxDecompressedSize)
        {
            throw new ZstdDecompressionException(
                $"the zstd data decompresses to more than the {_maxDecompressedSize} bytes declared for it");
        }

        if (written > 0)
        {
            return written;
        }

        if (consumed == 0 && _pending.IsEmpty && _sourceDone && !_frameComplete)
        {
            throw new ZstdDecompressionException(
                $"the zstd data ends before its frame does, after {_produced} decompressed bytes (truncated input)");
        }

        if (consumed == 0 && !_pending.IsEmpty)
        {
            throw new ZstdDecompressionException($"libzstd made no progress on the remaining {_pending.Length} compressed bytes");
        }

        return -1;
    }
}
