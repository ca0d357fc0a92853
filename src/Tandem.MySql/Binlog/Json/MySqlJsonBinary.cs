using System.Buffers.Binary;
using System.Globalization;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Json;

/// <summary>
/// Converts MySQL's binary JSON (<c>json_binary.h</c>, https://dev.mysql.com/doc/dev/mysql-server/latest/json__binary_8h.html) to compact JSON text: no spaces, object members in stored order,
/// strings escaped as MySQL prints them. Every offset and length is checked against the enclosing value, nesting is limited to
/// <see cref="MaxDepth"/> like the server's, and the text is capped relative to the input, so hostile bytes end in
/// <see cref="MySqlProtocolException"/>.
/// </summary>
/// <remarks>
/// Layout: a type byte, then the value. Objects and arrays: element count and byte size (2 bytes each when small, 4 when large),
/// object key entries (offset, 2-byte length), value entries (type byte, then an offset relative to the container start or an
/// inlined literal, int16 or uint16, and int32 or uint32 in large containers). Strings carry a variable-length length, 7 bits a byte.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/json__binary_8h.html.
/// </remarks>
internal static class MySqlJsonBinary
{
    /// <summary>The server's JSON_DOCUMENT_MAX_DEPTH.</summary>
    public const int MaxDepth = 100;

    private const byte SmallObject = 0x0;
    private const byte LargeObject = 0x1;
    private const byte SmallArray = 0x2;
    private const byte LargeArray = 0x3;
    private const byte Literal = 0x4;
    private const byte Int16 = 0x5;
    private const byte UInt16 = 0x6;
    private const byte Int32 = 0x7;
    private const byte UInt32 = 0x8;
    private const byte Int64 = 0x9;
    private const byte UInt64 = 0xA;
    private const byte Double = 0xB;
    private const byte String = 0xC;
    private const byte Opaque = 0xF;

    /// <summary>The JSON text of one binary JSON value; an empty value is JSON null (the server's reading of it).</summary>
    public static string ToJsonText(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return "null";
        }

        var output = new JsonTextBuilder(stackalloc byte[512], OutputLimit(value.Length));
        try
        {
            WriteDocument(value, ref output);
            return output.ToString();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>Appends the JSON text of a non-empty binary JSON document.</summary>
    internal static void WriteDocument(ReadOnlySpan<byte> doc, ref JsonTextBuilder output) => WriteValue(doc, doc[0], 1, doc.Length, 0, ref output);

    /// <summary>
    /// Legitimate values expand at most about 6 times (a control character in a string becomes \u00XX), so 16 times the input plus
    /// a margin never rejects a real value and bounds the work a hostile one can cause.
    /// </summary>
    internal static int OutputLimit(int inputLength) => (int)Math.Min((16L * inputLength) + 1024, 1 << 30);

    private static MySqlProtocolException Malformed(string expected, int offset, int length) =>
        new($"malformed binary JSON: expected {expected} at offset {offset} of {length}");

    /// <summary>Writes the value of type <paramref name="type"/> whose bytes start at <paramref name="at"/> and may extend to <paramref name="end"/>.</summary>
    private static void WriteValue(ReadOnlySpan<byte> doc, byte type, int at, int end, int depth, ref JsonTextBuilder output)
    {
        switch (type)
        {
            case SmallObject or LargeObject or SmallArray or LargeArray:
                WriteContainer(doc, at, end, type is SmallObject or LargeObject, type is LargeObject or LargeArray, depth + 1, ref output);
                break;
            case Literal:
                WriteLiteral(Need(doc, at, end, 1, "a literal")[0], at, doc.Length, ref output);
                break;
            case Int16:
                WriteInteger(BinaryPrimitives.ReadInt16LittleEndian(Need(doc, at, end, 2, "an int16")), ref output);
                break;
            case UInt16:
                WriteInteger(BinaryPrimitives.ReadUInt16LittleEndian(Need(doc, at, end, 2, "a uint16")), ref output);
                break;
            case Int32:
                WriteInteger(BinaryPrimitives.ReadInt32LittleEndian(Need(doc, at, end, 4, "an int32")), ref output);
                break;
            case UInt32:
                WriteInteger(BinaryPrimitives.ReadUInt32LittleEndian(Need(doc, at, end, 4, "a uint32")), ref output);
                break;
            case Int64:
                WriteInteger(BinaryPrimitives.ReadInt64LittleEndian(Need(doc, at, end, 8, "an int64")), ref output);
                break;
            case UInt64:
                WriteUnsigned(BinaryPrimitives.ReadUInt64LittleEndian(Need(doc, at, end, 8, "a uint64")), ref output);
                break;
            case Double:
                WriteDouble(BinaryPrimitives.ReadDoubleLittleEndian(Need(doc, at, end, 8, "a double")), at, doc.Length, ref output);
                break;
            case String:
                {
                    var length = ReadVariableLength(doc, ref at, end, "a string length");
                    output.AppendString(Need(doc, at, end, length, $"a string of {length} bytes"));
                    break;
                }

            case Opaque:
                {
                    var fieldType = Need(doc, at, end, 1, "an opaque value's type")[0];
                    at++;
                    var length = ReadVariableLength(doc, ref at, end, "an opaque value's length");
                    MySqlJsonOpaque.Write(fieldType, Need(doc, at, end, length, $"an opaque value of {length} bytes"), ref output);
                    break;
                }

            default:
                throw Malformed($"a JSON value type, found 0x{type:X2}", at - 1, doc.Length);
        }
    }

    private static void WriteContainer(ReadOnlySpan<byte> doc, int start, int end, bool isObject, bool large, int depth, ref JsonTextBuilder output)
    {
        var what = isObject ? "object" : "array";
        if (depth > MaxDepth)
        {
            throw Malformed($"JSON nested at most {MaxDepth} deep, found a deeper {what}", start, doc.Length);
        }

        var offsetSize = large ? 4 : 2;
        var header = Need(doc, start, end, 2 * offsetSize, $"an {what} header");
        var count = ReadOffset(header, large);
        var size = ReadOffset(header[offsetSize..], large);
        if (size > (uint)(end - start))
        {
            throw Malformed($"an {what} of at most {end - start} bytes, found a size of {size}", start, doc.Length);
        }

        var keyEntrySize = isObject ? offsetSize + 2 : 0;
        var valueEntrySize = 1 + offsetSize;
        if ((2L * offsetSize) + (count * (long)(keyEntrySize + valueEntrySize)) > size)
        {
            throw Malformed($"an {what} header for {count} elements inside its {size} bytes", start, doc.Length);
        }

        var container = doc.Slice(start, (int)size);
        var valueEntries = (2 * offsetSize) + ((int)count * keyEntrySize);
        output.Append(isObject ? (byte)'{' : (byte)'[');
        for (var i = 0; i < (int)count; i++)
        {
            if (i > 0)
            {
                output.Append((byte)',');
            }

            if (isObject)
            {
                var keyEntry = container.Slice((2 * offsetSize) + (i * keyEntrySize), keyEntrySize);
                var keyOffset = ReadOffset(keyEntry, large);
                var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(keyEntry[offsetSize..]);
                if (keyOffset + (ulong)keyLength > size)
                {
                    throw Malformed($"a key of {keyLength} bytes at {keyOffset} inside the object's {size} bytes", start, doc.Length);
                }

                output.AppendString(container.Slice((int)keyOffset, keyLength));
                output.Append((byte)':');
            }

            var entry = container.Slice(valueEntries + (i * valueEntrySize), valueEntrySize);
            var type = entry[0];
            if (IsInlined(type, large))
            {
                WriteInlined(type, entry[1..], start, doc.Length, ref output);
            }
            else
            {
                var offset = ReadOffset(entry[1..], large);
                if (offset >= size)
                {
                    throw Malformed($"a value offset inside the {what}'s {size} bytes, found {offset}", start, doc.Length);
                }

                WriteValue(doc, type, start + (int)offset, start + (int)size, depth, ref output);
            }
        }

        output.Append(isObject ? (byte)'}' : (byte)']');
    }

    private static bool IsInlined(byte type, bool large) =>
        type is Literal or Int16 or UInt16 || (large && type is Int32 or UInt32);

    private static void WriteInlined(byte type, ReadOnlySpan<byte> entry, int at, int length, ref JsonTextBuilder output)
    {
        switch (type)
        {
            case Literal:
                WriteLiteral(entry[0], at, length, ref output);
                break;
            case Int16:
                WriteInteger(BinaryPrimitives.ReadInt16LittleEndian(entry), ref output);
                break;
            case UInt16:
                WriteInteger(BinaryPrimitives.ReadUInt16LittleEndian(entry), ref output);
                break;
            case Int32:
                WriteInteger(BinaryPrimitives.ReadInt32LittleEndian(entry), ref output);
                break;
            default:
                WriteInteger(BinaryPrimitives.ReadUInt32LittleEndian(entry), ref output);
                break;
        }
    }

    private static uint ReadOffset(ReadOnlySpan<byte> bytes, bool large) =>
        large ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private static ReadOnlySpan<byte> Need(ReadOnlySpan<byte> doc, int at, int end, int count, string expected) =>
        count <= end - at ? doc.Slice(at, count) : throw Malformed($"{expected}, but only {end - at} bytes remain", at, doc.Length);

    /// <summary>A length of up to 5 bytes, 7 bits each, least significant first, the high bit marking that another byte follows.</summary>
    private static int ReadVariableLength(ReadOnlySpan<byte> doc, ref int at, int end, string expected)
    {
        var start = at;
        ulong length = 0;
        for (var i = 0; i < 5; i++)
        {
            if (at >= end)
            {
                throw Malformed($"{expected}, but the value ends", start, doc.Length);
            }

            var b = doc[at++];
            length |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return length <= (ulong)(end - at)
                    ? (int)length
                    : throw Malformed($"{expected} within the {end - at} remaining bytes, found {length}", start, doc.Length);
            }
        }

        throw Malformed($"{expected} of at most 5 bytes", start, doc.Length);
    }

    private static void WriteLiteral(byte literal, int at, int length, ref JsonTextBuilder output)
    {
        switch (literal)
        {
            case 0: output.Append("null"u8); break;
            case 1: output.Append("true"u8); break;
            case 2: output.Append("false"u8); break;
            default: throw Malformed($"a literal 0 (null), 1 (true) or 2 (false), found {literal}", at, length);
        }
    }

    private static void WriteInteger(long value, ref JsonTextBuilder output)
    {
        value.TryFormat(output.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private static void WriteUnsigned(ulong value, ref JsonTextBuilder output)
    {
        value.TryFormat(output.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    /// <summary>The shortest text that round-trips; ".0" is added to integral values so they still read as doubles, like MySQL prints them.</summary>
    private static void WriteDouble(double value, int at, int length, ref JsonTextBuilder output)
    {
        if (!double.IsFinite(value))
        {
            throw Malformed($"a finite double, found {value}", at, length);
        }

        var span = output.GetSpan(32);
        value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
        var integral = span[..written].IndexOfAnyExcept("-0123456789"u8) < 0;
        output.Advance(written);
        if (integral)
        {
            output.Append(".0"u8);
        }
    }
}
