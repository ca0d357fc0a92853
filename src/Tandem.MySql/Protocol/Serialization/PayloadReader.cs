using System.Buffers.Binary;
using System.Text;

namespace Tandem.MySql.Protocol.Serialization;

/// <summary>
/// Reads the primitive types of the MySQL protocol from one packet payload.
/// Every read checks the remaining length and throws <see cref="MySqlProtocolException"/> naming what it expected,
/// so a truncated or malformed packet never reads out of bounds.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_dt_integers.html.
/// </summary>
public ref struct PayloadReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly string _what;

    public PayloadReader(ReadOnlySpan<byte> buffer, string what = "packet")
    {
        _buffer = buffer;
        _what = what;
        Offset = 0;
    }

    public int Offset { get; set; }

    public readonly int Remaining => _buffer.Length - Offset;

    public readonly bool AtEnd => Offset >= _buffer.Length;

    public readonly ReadOnlySpan<byte> Buffer => _buffer;

    public readonly byte PeekByte()
    {
        Need(1, "a byte");
        return _buffer[Offset];
    }

    public byte ReadByte()
    {
        Need(1, "a byte");
        return _buffer[Offset++];
    }

    public ushort ReadUInt16()
    {
        Need(2, "a 2-byte integer");
        var v = BinaryPrimitives.ReadUInt16LittleEndian(_buffer[Offset..]);
        Offset += 2;
        return v;
    }

    public uint ReadUInt24()
    {
        Need(3, "a 3-byte integer");
        uint v = (uint)(_buffer[Offset] | (_buffer[Offset + 1] << 8) | (_buffer[Offset + 2] << 16));
        Offset += 3;
        return v;
    }

    public uint ReadUInt32()
    {
        Need(4, "a 4-byte integer");
        var v = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[Offset..]);
        Offset += 4;
        return v;
    }

    public ulong ReadUInt48()
    {
        Need(6, "a 6-byte integer");
        ulong v = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[Offset..]) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(_buffer[(Offset + 4)..]) << 32);
        Offset += 6;
        return v;
    }

    public ulong ReadUInt64()
    {
        Need(8, "an 8-byte integer");
        var v = BinaryPrimitives.ReadUInt64LittleEndian(_buffer[Offset..]);
        Offset += 8;
        return v;
    }

    /// <summary>A length-encoded integer; 0xFB (NULL) and 0xFF (ERR) are not integers here.</summary>
    public ulong ReadLengthEncodedInteger()
    {
        var first = ReadByte();
        return first switch
        {
            < 0xFB => first,
            0xFC => ReadUInt16(),
            0xFD => ReadUInt24(),
            0xFE => ReadUInt64(),
            _ => throw Malformed($"a length-encoded integer, found prefix 0x{first:X2}", Offset - 1),
        };
    }

    /// <summary>A length-encoded integer, or null for the 0xFB marker of a NULL value in a text row.</summary>
    public ulong? ReadLengthEncodedIntegerOrNull()
    {
        if (PeekByte() == 0xFB)
        {
            Offset++;
            return null;
        }

        return ReadLengthEncodedInteger();
    }

    /// <summary>A length-encoded byte string.</summary>
    public ReadOnlySpan<byte> ReadLengthEncodedBytes()
    {
        var start = Offset;
        var length = ReadLengthEncodedInteger();
        if (length > (ulong)Remaining)
        {
            throw Malformed($"a length-encoded string of {length} bytes, only {Remaining} remain", start);
        }

        return ReadBytes((int)length);
    }

    public string ReadLengthEncodedString() => Encoding.UTF8.GetString(ReadLengthEncodedBytes());

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0)
        {
            throw Malformed($"a non-negative length, found {count}", Offset);
        }

        // The message is built only on failure: this runs for every value of every row.
        if (count > _buffer.Length - Offset)
        {
            throw Malformed($"{count} bytes, but only {_buffer.Length - Offset} bytes remain", Offset);
        }

        var span = _buffer.Slice(Offset, count);
        Offset += count;
        return span;
    }

    public ReadOnlySpan<byte> ReadRest()
    {
        var span = _buffer[Offset..];
        Offset = _buffer.Length;
        return span;
    }

    /// <summary>Bytes up to a NUL terminator, which is consumed.</summary>
    public ReadOnlySpan<byte> ReadNullTerminatedBytes()
    {
        var rest = _buffer[Offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw Malformed("a NUL-terminated string, found no NUL", Offset);
        }

        Offset += end + 1;
        return rest[..end];
    }

    public string ReadNullTerminatedString() => Encoding.UTF8.GetString(ReadNullTerminatedBytes());

    /// <summary>A NUL-terminated string, or the rest of the payload when the NUL is missing (some servers omit it at the end).</summary>
    public ReadOnlySpan<byte> ReadNullTerminatedOrRestBytes()
    {
        var rest = _buffer[Offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            Offset = _buffer.Length;
            return rest;
        }

        Offset += end + 1;
        return rest[..end];
    }

    public void Skip(int count)
    {
        if (count > _buffer.Length - Offset)
        {
            throw Malformed($"{count} bytes to skip, but only {_buffer.Length - Offset} bytes remain", Offset);
        }

        Offset += count;
    }

    public readonly MySqlProtocolException Malformed(string expected, int offset) =>
        new($"malformed {_what}: expected {expected} at offset {offset} of {_buffer.Length}");

    private readonly void Need(int count, string what)
    {
        if (count > _buffer.Length - Offset)
        {
            throw Malformed($"{what}, but only {_buffer.Length - Offset} bytes remain", Offset);
        }
    }
}
