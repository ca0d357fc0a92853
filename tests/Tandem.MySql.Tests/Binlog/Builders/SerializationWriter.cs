namespace Tandem.MySql.Tests.Binlog.Builders;

/// <summary>
/// Writes MySQL serialization framework values (libs/mysql/serialization/readme.md): variable-length integers of 1 to 9
/// bytes whose first byte's trailing ones count the extra bytes, signed integers with the sign in the lowest bit, and
/// messages framed as format version, message size (counted from the version byte), last non-ignorable field id, fields.
/// </summary>
internal static class SerializationWriter
{
    public static byte[] Unsigned(ulong value)
    {
        // 1 byte for 0, 1 + ceil((bits - 1) / 7) up to 63 bits, 9 for 64 bits (get_size_integer_varlen_unsigned).
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(value);
        var size = ((bits * 575) >> 12) + 1;
        var bytes = new byte[size];
        bytes[0] = (byte)(((1 << (size - 1)) - 1) | (byte)(value << size));
        var rest = value >> (8 - size + (size == 9 ? 1 : 0));
        for (var i = 1; i < size; i++)
        {
            bytes[i] = (byte)(rest >> (8 * (i - 1)));
        }

        return bytes;
    }

    public static byte[] Signed(long value) => Unsigned(value >= 0 ? (ulong)value << 1 : ((ulong)(-(value + 1)) << 1) | 1);

    public static byte[] String(byte[] value) => [.. Unsigned((ulong)value.Length), .. value];

    /// <summary>A field: its id, then its already encoded value.</summary>
    public static byte[] Field(int id, byte[] value) => [.. Unsigned((ulong)id), .. value];

    /// <summary>A top-level message around encoded fields.</summary>
    public static byte[] Message(byte[] fields, ulong lastNonIgnorableFieldId = 0, ulong version = 1)
    {
        byte[] fixedPart = [.. Unsigned(version), .. Unsigned(lastNonIgnorableFieldId), .. fields];
        var size = (ulong)fixedPart.Length + 1;
        while ((ulong)fixedPart.Length + (ulong)Unsigned(size).Length != size)
        {
            size = (ulong)fixedPart.Length + (ulong)Unsigned(size).Length;
        }

        return [.. Unsigned(version), .. Unsigned(size), .. Unsigned(lastNonIgnorableFieldId), .. fields];
    }
}
