using System.Buffers.Binary;
using Tandem.MySql.Binlog.Events;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// One rows event kept for later decoding: which table mapping of the transaction it uses, its kind, where it was in
/// the binlog (for error messages) and its body (column count, bitmaps, images).
/// </summary>
internal sealed class BufferedRows
{
    private const int HeaderBytes = 1 + 4 + 8 + 4;

    public BufferedRows(int mapping, RowsEventKind kind, long offset, byte[] body)
    {
        Mapping = mapping;
        Kind = kind;
        Offset = offset;
        Body = body;
    }

    public int Mapping { get; }

    public RowsEventKind Kind { get; }

    public long Offset { get; }

    public byte[] Body { get; }

    /// <summary>Writes an entry in the form <see cref="ReadAsync"/> reads, from a body the caller still owns.</summary>
    public static async ValueTask WriteAsync(Stream stream, int mapping, RowsEventKind kind, long offset, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var header = new byte[HeaderBytes];
        header[0] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(1), mapping);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(5), offset);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(13), body.Length);
        await stream.WriteAsync(header, ct).ConfigureAwait(false);
        await stream.WriteAsync(body, ct).ConfigureAwait(false);
    }

    public static async ValueTask<BufferedRows> ReadAsync(Stream stream, CancellationToken ct)
    {
        var header = new byte[HeaderBytes];
        await stream.ReadExactlyAsync(header, ct).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(13));
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, ct).ConfigureAwait(false);
        return new BufferedRows(BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(1)), (RowsEventKind)header[0], BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(5)), body);
    }
}
