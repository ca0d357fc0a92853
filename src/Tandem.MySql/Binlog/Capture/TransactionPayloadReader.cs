using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Tandem.MySql.Binlog.Compression;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Events;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// Expands a TRANSACTION_PAYLOAD into its events, one at a time: the zstd stream is decompressed in chunks, so only one
/// inner event is in memory at once, whatever the transaction's size.
/// </summary>
internal static class TransactionPayloadReader
{
    public static async IAsyncEnumerable<BinlogEvent> ReadAsync(BinlogEventDecoder inner, TransactionPayloadEvent payload, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var content = payload.Compression == TransactionPayloadEvent.CompressionNone
            ? (System.IO.Stream)new MemoryStream(payload.Payload.ToArray(), writable: false)
            : new ZstdDecompressionStream(payload.Payload, (long)payload.UncompressedSize);
        var header = new byte[BinlogEventHeader.Size];
        long read = 0;
        while (true)
        {
            var got = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            if (got == 0)
                break;
            if (got < header.Length)
                throw new BinlogCorruptException(payload.Position, $"the transaction payload ends inside an event header after {read + got} bytes");
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(9));
            if (size < BinlogEventHeader.Size || read + size > (long)payload.UncompressedSize)
                throw new BinlogCorruptException(payload.Position, $"an event of {size} bytes inside the transaction payload does not fit its declared {payload.UncompressedSize} bytes");
            var raw = new byte[size];
            header.CopyTo(raw, 0);
            await content.ReadExactlyAsync(raw.AsMemory(BinlogEventHeader.Size), ct).ConfigureAwait(false);
            read += size;
            yield return inner.Decode(raw);
        }

        if (read != (long)payload.UncompressedSize)
            throw new BinlogCorruptException(payload.Position, $"the transaction payload decompressed to {read} bytes, not the declared {payload.UncompressedSize}");
    }
}
