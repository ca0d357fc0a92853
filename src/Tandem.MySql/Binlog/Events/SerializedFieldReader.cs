using System.Numerics;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// Reads values in MySQL's serialization framework format (libs/mysql/serialization/readme.md, "Variable-length
/// integers"): an unsigned integer takes 1 to 9 bytes, little-endian; the number of trailing one bits of the first byte,
/// plus one, is the byte count, and the value follows those bits (with 9 bytes the value is the 8 bytes after the first).
/// A signed integer is stored as an unsigned one with the sign in the lowest bit: x &gt;= 0 as x &lt;&lt; 1,
/// x &lt; 0 as (-(x + 1) &lt;&lt; 1) | 1 (variable_length_integers.h).
/// </summary>
internal ref struct SerializedFieldReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly string _what;

    public SerializedFieldReader(ReadOnlySpan<byte> buffer, string what)
    {
        _buffer = buffer;
        _what = what;
    }

    public int Offset { get; private set; }

    public readonly int Length => _buffer.Length;

    public ulong ReadUnsigned(string field)
    {
        var (value, size) = PeekUnsigned(field);
        Offset += size;
        return value;
    }

    public ulong ReadUnsigned(string field, ulong max)
    {
        var start = Offset;
        var value = ReadUnsigned(field);
        return value <= max ? value : throw Malformed($"{field} of at most {max}, found {value}", start);
    }

    public long ReadSigned(string field)
    {
        var encoded = ReadUnsigned(field);
        return (long)(encoded >> 1) ^ -(long)(encoded & 1);
    }

    /// <summary>The next unsigned integer and its size in bytes, without consuming it.</summary>
    public readonly (ulong Value, int Size) PeekUnsigned(string field)
    {
        if (Offset >= _buffer.Length)
            throw Malformed($"{field}, but the data ends", Offset);

        var first = _buffer[Offset];
        var size = BitOperations.TrailingZeroCount(~(uint)first) + 1;
        if (size > _buffer.Length - Offset)
            throw Malformed($"{field} of {size} bytes, but only {_buffer.Length - Offset} remain", Offset);
        if (size == 1)
            return ((ulong)first >> 1, 1);

        ulong rest = 0;
        for (var i = size - 1; i >= 1; i--)
            rest = (rest << 8) | _buffer[Offset + i];
        return (size == 9 ? rest : ((ulong)first >> size) | (rest << (8 - size)), size);
    }

    /// <summary>A string: its length as an unsigned integer, then that many bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(string field, int maxLength)
    {
        var start = Offset;
        var length = ReadUnsigned(field);
        if (length > (ulong)maxLength)
            throw Malformed($"{field} of at most {maxLength} bytes, found a length of {length}", start);
        if ((int)length > _buffer.Length - Offset)
            throw Malformed($"{field} of {length} bytes, but only {_buffer.Length - Offset} remain", Offset);
        var bytes = _buffer.Slice(Offset, (int)length);
        Offset += (int)length;
        return bytes;
    }

    public void SkipTo(int offset)
    {
        if (offset < Offset || offset > _buffer.Length)
            throw Malformed($"the end of the message at {offset}", Offset);
        Offset = offset;
    }

    public readonly MySqlProtocolException Malformed(string expected, int offset) =>
        new($"malformed {_what}: expected {expected} at offset {offset} of {_buffer.Length}");
}
