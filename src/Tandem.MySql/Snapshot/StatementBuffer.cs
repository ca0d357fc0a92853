using System.Buffers;
using System.Text;

namespace Tandem.MySql.Snapshot;

/// <summary>A growable byte buffer from the shared pool holding one statement (or LOAD DATA payload) as it fills.</summary>
internal sealed class StatementBuffer : IDisposable
{
    private byte[] _buffer;

    public StatementBuffer(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    /// <summary>The written bytes as a read-only stream over the buffer (no copy); valid until the buffer is disposed.</summary>
    public MemoryStream AsStream() => new(_buffer, 0, Length, writable: false);

    public void Append(byte value)
    {
        if (Length == _buffer.Length)
            Grow(1);
        _buffer[Length++] = value;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > _buffer.Length)
            Grow(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Append(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        if (Length + count > _buffer.Length)
            Grow(count);
        Length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(Length));
    }

    /// <summary>Room for <paramref name="count"/> more bytes, to be written in place and committed with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int count)
    {
        if (Length + count > _buffer.Length)
            Grow(count);
        return _buffer.AsSpan(Length, count);
    }

    public void Advance(int count) => Length += count;

    public void Truncate(int length) => Length = length;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        Length = 0;
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }

    private void Grow(int more)
    {
        var size = Math.Max(_buffer.Length * 2, Length + more);
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
