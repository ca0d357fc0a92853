using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tandem.Core.Replication.Folding;

namespace Tandem.Core.Replication;

/// <summary>
/// 64-bit hashes of key values for conflict detection. Values the target holds equal must hash alike: numbers and bytes
/// hash exactly (with -0 and 0 alike), text through the <see cref="IKeyTextFold"/> of its column's collation. Hashes live
/// in one process only, so the function needs no stability across versions.
/// </summary>
public static class KeyHash
{
    private const ulong Seed = 0xcbf29ce484222325;
    private const ulong NullHash = 0x6a09e667f3bcc909;

    /// <summary>Starts a hash with a discriminator (a table's identity, a key's ordinal).</summary>
    public static ulong Start(string discriminator)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        return AddChars(Seed, discriminator);
    }

    /// <summary>Adds one value: exact for numbers and bytes, text through <paramref name="fold"/> (exact when null).</summary>
    public static ulong Add(ulong hash, object? value, IKeyTextFold? fold = null) => value switch
    {
        null => Mix(hash, NullHash),
        string s => fold is null ? AddChars(Mix(hash, 1), s) : fold.Add(Mix(hash, 1), s),
        byte[] bytes => AddBytes(Mix(hash, 2), bytes),
        long l => Mix(Mix(hash, 3), unchecked((ulong)l)),
        int i => Mix(Mix(hash, 3), unchecked((ulong)(long)i)),
        short s => Mix(Mix(hash, 3), unchecked((ulong)(long)s)),
        sbyte s => Mix(Mix(hash, 3), unchecked((ulong)(long)s)),
        ulong u => Mix(Mix(hash, 4), u),
        uint u => Mix(Mix(hash, 4), u),
        ushort u => Mix(Mix(hash, 4), u),
        byte b => Mix(Mix(hash, 4), b),
        // -0 equals 0 in a FLOAT or DOUBLE key; adding 0.0 turns -0.0 into +0.0 and leaves every other value as it is.
        double d => Mix(Mix(hash, 6), unchecked((ulong)BitConverter.DoubleToInt64Bits(d + 0.0))),
        float f => Mix(Mix(hash, 6), unchecked((ulong)BitConverter.DoubleToInt64Bits(f + 0.0))),
        // Decimals, dates, times and the rest: their invariant text is canonical for one column type.
        _ => AddChars(Mix(hash, 5), Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    /// <summary>Adds characters exactly, with their count.</summary>
    public static ulong AddChars(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            hash = Mix(hash, c);
        return Mix(hash, (ulong)text.Length);
    }

    /// <summary>Adds bytes exactly, with their count: the same bytes give the same hash however they were gathered.</summary>
    public static ulong AddBytes(ulong hash, ReadOnlySpan<byte> bytes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var word in words)
            hash = Mix(hash, word);
        for (var i = words.Length * sizeof(ulong); i < bytes.Length; i++)
            hash = Mix(hash, bytes[i]);
        return Mix(hash, (ulong)bytes.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong hash, ulong value)
    {
        // A multiply-xorshift round (as in splitmix64): cheap, and every input bit reaches every output bit.
        hash ^= value + 0x9e3779b97f4a7c15 + (hash << 6) + (hash >> 2);
        hash *= 0xbf58476d1ce4e5b9;
        return hash ^ (hash >> 31);
    }
}
