using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Tandem.MySql.Binlog.Compression;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Events;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// Expands a TRANSACTION_PAYLOAD into its events, one at a time: the zstd stream is decompressed in chunks, so only one
/// inner event is in memory at once, whatever the transaction's size. A payload that is cut short, does not decompress
/// or holds events that overrun it is a <see cref="BinlogCorruptException"/> at the payload event's position.
/// </summary>
internal static class TransactionPayloadReader
{
    public static async IAsyncEnumerable<BinlogEvent> ReadAsync(BinlogEventDecoder inner, TransactionPayloadEvent payload, [EnumeratorCancellation] CancellationToken ct)
    {
        // The uncompressed size field is written for every payload; an uncompressed one is its own size if it is not.
        var declared = payload.Compression == TransactionPayloadEvent.CompressionNone && payload.UncompressedSize == 0
            ? (ulong)payload.Payload.Length
            : payload.UncompressedSize;
        await using var content = payload.Compression == TransactionPayloadEvent.CompressionNone
            ? (Stream)new MemoryStream(payload.Payload.ToArray(), writable: false)
            : new ZstdDecompressionStream(payload.Payload, (long)Math.Min(declared, long.MaxValue));
        var header = new byte[BinlogEventHeader.Size];
        long read = 0;
        while (true)
        {
            var raw = await NextAsync(content, header, read, declared, payload, ct).ConfigureAwait(false);
            if (raw is null)
                break;
            read += raw.Length;
            yield return inner.Decode(raw);
        }

        if ((ulong)read != declared)
            throw new BinlogCorruptException(payload.Position, $"the transaction payload decompressed to {read} bytes, not the declared {declared}");
    }

    /// <summary>Events up to this size are read into a buffer of their declared size at once.</summary>
    private const int DirectReadLimit = 1 << 20;

    /// <summary>
    /// A large event grows its buffer as its bytes arrive, so a damaged size field (up to 4 GiB) costs no more memory than
    /// the data that is really there.
    /// </summary>
    private static async ValueTask<byte[]> ReadLargeAsync(Stream content, byte[] header, uint size, CancellationToken ct)
    {
        using var buffer = new MemoryStream(DirectReadLimit);
        buffer.Write(header);
        var chunk = new byte[64 * 1024];
        var left = (long)size - header.Length;
        while (left > 0)
        {
            var want = (int)Math.Min(left, chunk.Length);
            await content.ReadExactlyAsync(chunk.AsMemory(0, want), ct).ConfigureAwait(false);
            buffer.Write(chunk, 0, want);
            left -= want;
        }

        return buffer.ToArray();
    }

    private static async ValueTask<byte[]?> NextAsync(Stream content, byte[] header, long read, ulong declared, TransactionPayloadEvent payload, CancellationToken ct)
    {
        try
        {
            var got = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            if (got == 0)
                return null;
            if (got < header.Length)
                throw new BinlogCorruptException(payload.Position, $"the transaction payload ends inside an event header after {read + got} bytes");
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(9));

            // The declared size bounds the allocation: an event cannot be larger than what is left of the payload.
            if (size < BinlogEventHeader.Size || (ulong)read + size > declared)
                throw new BinlogCorruptException(payload.Position, $"an event of {size} bytes inside the transaction payload does not fit its declared {declared} bytes");
            if (size <= DirectReadLimit)
            {
                var raw = new byte[size];
                header.CopyTo(raw, 0);
                await content.ReadExactlyAsync(raw.AsMemory(BinlogEventHeader.Size), ct).ConfigureAwait(false);
                return raw;
            }

            return await ReadLargeAsync(content, header, size, ct).ConfigureAwait(false);
        }
        catch (EndOfStreamException ex)
        {
            throw new BinlogCorruptException(payload.Position, $"the transaction payload ends inside an event after {read} bytes", inner: ex);
        }
        catch (ZstdDecompressionException ex)
        {
            throw new BinlogCorruptException(payload.Position, $"the transaction payload does not decompress: {ex.Message}", inner: ex);
        }
    }
}
