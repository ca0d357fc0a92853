using System.Text;

namespace Tandem.MySql.Tests.Binlog.Builders;

/// <summary>
/// Encodes values as MySQL binary JSON (<c>json_binary.h</c>,
/// https://dev.mysql.com/doc/dev/mysql-server/latest/json__binary_8h.html), written from the documented layout, for tests and fixtures.
/// Values: null, bool, int/long (int16, int32 or int64, the smallest that fits, as the server picks), ulong (uint64), double, string,
/// <see cref="Scalar"/> for an exact scalar type, <see cref="OpaqueValue"/>, <see cref="JsonObjectValue"/> and <see cref="JsonArrayValue"/>.
/// </summary>
internal static class JsonBinaryWriter
{
    public const byte TypeSmallObject = 0x0;
    public const byte TypeLargeObject = 0x1;
    public const byte TypeSmallArray = 0x2;
    public const byte TypeLargeArray = 0x3;
    public const byte TypeLiteral = 0x4;
    public const byte TypeInt16 = 0x5;
    public const byte TypeUInt16 = 0x6;
    public const byte TypeInt32 = 0x7;
    public const byte TypeUInt32 = 0x8;
    public const byte TypeInt64 = 0x9;
    public const byte TypeUInt64 = 0xA;
    public const byte TypeDouble = 0xB;
    public const byte TypeString = 0xC;
    public const byte TypeOpaque = 0xF;

    /// <summary>A whole document: the type byte, then the value.</summary>
    public static byte[] Document(object? value)
    {
        var (type, bytes) = Encode(value);
        return [type, .. bytes];
    }

    /// <summary>The type byte and the bytes of a value (not inlined).</summary>
    public static (byte Type, byte[] Bytes) Encode(object? value) => value switch
    {
        null => (TypeLiteral, [0]),
        true => (TypeLiteral, [1]),
        false => (TypeLiteral, [2]),
        int i => Encode((long)i),
        long l when l is >= short.MinValue and <= short.MaxValue => (TypeInt16, BinlogValueEncoder.Int16(l)),
        long l when l is >= int.MinValue and <= int.MaxValue => (TypeInt32, BinlogValueEncoder.Int32(l)),
        long l => (TypeInt64, BinlogValueEncoder.Int64(l)),
        ulong u => (TypeUInt64, BinlogValueEncoder.UInt64(u)),
        double d => (TypeDouble, BinlogValueEncoder.Double(d)),
        string s => (TypeString, [.. VariableLength(Encoding.UTF8.GetByteCount(s)), .. Encoding.UTF8.GetBytes(s)]),
        Scalar scalar => (scalar.Type, scalar.Bytes),
        OpaqueValue opaque => (TypeOpaque, [opaque.FieldType, .. VariableLength(opaque.Data.Length), .. opaque.Data]),
        JsonObjectValue obj => (obj.Large ? TypeLargeObject : TypeSmallObject, Container(obj.Members, obj.Large, isObject: true)),
        JsonArrayValue array => (array.Large ? TypeLargeArray : TypeSmallArray, Container(array.Elements.Select(e => new KeyValuePair<string?, object?>(null, e)).ToList(), array.Large, isObject: false)),
        _ => throw new ArgumentException($"cannot encode {value.GetType()} as binary JSON", nameof(value)),
    };

    /// <summary>A length of 7 bits a byte, least significant first, high bit set when more follow.</summary>
    public static byte[] VariableLength(int length)
    {
        var bytes = new List<byte>();
        var v = (uint)length;
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            bytes.Add(v != 0 ? (byte)(b | 0x80) : b);
        }
        while (v != 0);
        return [.. bytes];
    }

    public static JsonObjectValue Object(params (string Key, object? Value)[] members) => new(members.Select(m => new KeyValuePair<string?, object?>(m.Key, m.Value)).ToList(), false);

    public static JsonObjectValue LargeObjectOf(params (string Key, object? Value)[] members) => new(members.Select(m => new KeyValuePair<string?, object?>(m.Key, m.Value)).ToList(), true);

    public static JsonArrayValue Array(params object?[] elements) => new(elements, false);

    public static JsonArrayValue LargeArrayOf(params object?[] elements) => new(elements, true);

    /// <summary>Objects and arrays: count, size, key entries (objects), value entries, keys, then values, offsets from the container start.</summary>
    private static byte[] Container(List<KeyValuePair<string?, object?>> members, bool large, bool isObject)
    {
        // The server stores keys sorted by length, then bytes (Json_key_comparator).
        var ordered = isObject
            ? members.OrderBy(m => Encoding.UTF8.GetByteCount(m.Key!)).ThenBy(m => Encoding.UTF8.GetBytes(m.Key!), ByteComparer.Instance).ToList()
            : members;
        var offsetSize = large ? 4 : 2;
        var keyEntrySize = isObject ? offsetSize + 2 : 0;
        var valueEntrySize = 1 + offsetSize;
        var headerSize = (2 * offsetSize) + (ordered.Count * (keyEntrySize + valueEntrySize));
        var keys = new List<byte>();
        var keyEntries = new List<byte>();
        foreach (var m in ordered.Where(_ => isObject))
        {
            var key = Encoding.UTF8.GetBytes(m.Key!);
            keyEntries.AddRange(Offset(headerSize + keys.Count, large));
            keyEntries.AddRange(BinlogValueEncoder.LittleEndian((ulong)key.Length, 2));
            keys.AddRange(key);
        }

        var values = new List<byte>();
        var valueEntries = new List<byte>();
        var valuesStart = headerSize + keys.Count;
        foreach (var m in ordered)
        {
            var (type, bytes) = Encode(m.Value);
            valueEntries.Add(type);
            if (type is TypeLiteral or TypeInt16 or TypeUInt16 || (large && type is TypeInt32 or TypeUInt32))
            {
                valueEntries.AddRange(bytes);
                valueEntries.AddRange(new byte[offsetSize - bytes.Length]);
            }
            else
            {
                valueEntries.AddRange(Offset(valuesStart + values.Count, large));
                values.AddRange(bytes);
            }
        }

        var size = valuesStart + values.Count;
        return [.. Offset(ordered.Count, large), .. Offset(size, large), .. keyEntries, .. valueEntries, .. keys, .. values];
    }

    private static byte[] Offset(int value, bool large) => BinlogValueEncoder.LittleEndian((ulong)value, large ? 4 : 2);

    /// <summary>A scalar with an exact binary JSON type, e.g. uint16 or uint32 (the bytes exclude the type).</summary>
    internal sealed record Scalar(byte Type, byte[] Bytes);

    /// <summary>An opaque value: a MySQL field type and its bytes.</summary>
    internal sealed record OpaqueValue(byte FieldType, byte[] Data);

    internal sealed record JsonObjectValue(List<KeyValuePair<string?, object?>> Members, bool Large);

    internal sealed record JsonArrayValue(object?[] Elements, bool Large);

    private sealed class ByteComparer : IComparer<byte[]>
    {
        public static readonly ByteComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
