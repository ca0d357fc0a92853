using System.Runtime.CompilerServices;

namespace Tandem.Core.Replication;

/// <summary>
/// 64-bit hashes of key values for conflict detection. Two values the target may consider equal must hash alike, so
/// text is folded before hashing: upper-cased, common Latin accents dropped and trailing spaces trimmed (PAD SPACE and
/// case- or accent-insensitive collations compare 'a ' equal to 'A' and 'Á'). Folding more than a collation does only
/// makes transactions wait for each other needlessly; folding less would let them run out of order, so when in doubt
/// fold. Known gaps (rare expansions such as 'Æ' = 'AE' under utf8mb4_unicode_ci) are conflicts Tandem may miss.
/// Hashes live in one process only, so the function needs no stability across versions.
/// </summary>
public static class KeyHash
{
    private const ulong Seed = 0xcbf29ce484222325;
    private const ulong NullHash = 0x6a09e667f3bcc909;

    // Base letters of U+00C0..U+017F, upper-cased; '\0' where the character has no single-letter base.
    private const string LatinBase =
        "AAAAAA\0CEEEEIIII\0NOOOOO\0\0UUUUY\0\0" + // C0-DF (Æ, ×, Ø, Þ, ß have no single base)
        "AAAAAA\0CEEEEIIII\0NOOOOO\0\0UUUUY\0Y" + // E0-FF
        "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIII\0\0JJKK\0LLLLLLLLLLNNNNNN\0\0\0OOOOOO\0\0RRRRRRSSSSSSSSTTTTTTUUUUUUUUUUUUWWYYYZZZZZZ\0"; // 100-17F

    /// <summary>Starts a hash with a discriminator (a table's identity, a key's ordinal).</summary>
    public static ulong Start(string discriminator) => AddText(Seed, discriminator, fold: false);

    /// <summary>Adds one value: exact for numbers and bytes, folded for text.</summary>
    public static ulong Add(ulong hash, object? value) => value switch
    {
        null => Mix(hash, NullHash),
        string s => AddText(Mix(hash, 1), s, fold: true),
        byte[] bytes => AddBytes(Mix(hash, 2), bytes),
        long l => Mix(Mix(hash, 3), unchecked((ulong)l)),
        int i => Mix(Mix(hash, 3), unchecked((ulong)(long)i)),
        short s => Mix(Mix(hash, 3), unchecked((ulong)(long)s)),
        sbyte s => Mix(Mix(hash, 3), unchecked((ulong)(long)s)),
        ulong u => Mix(Mix(hash, 4), u),
        uint u => Mix(Mix(hash, 4), u),
        ushort u => Mix(Mix(hash, 4), u),
        byte b => Mix(Mix(hash, 4), b),
        // Decimals, dates, times and the rest: their invariant text is canonical for one column type.
        _ => AddText(Mix(hash, 5), Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, fold: false),
    };

    /// <summary>Upper-cases, drops Latin accents; <see cref="char.MinValue"/> for characters folding keeps as they are.</summary>
    public static char Fold(char c)
    {
        if (c < 0x80)
            return c is >= 'a' and <= 'z' ? (char)(c - 32) : c;
        if (c is >= '\u00c0' and <= '\u017f' && LatinBase[c - 0xc0] is var b && b != '\0')
            return b;
        return char.ToUpperInvariant(c);
    }

    private static ulong AddText(ulong hash, string text, bool fold)
    {
        var end = text.Length;
        if (fold)
        {
            while (end > 0 && text[end - 1] == ' ')
                end--;
        }

        for (var i = 0; i < end; i++)
            hash = Mix(hash, fold ? Fold(text[i]) : text[i]);
        return Mix(hash, (ulong)end);
    }

    private static ulong AddBytes(ulong hash, byte[] bytes)
    {
        var i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
            hash = Mix(hash, BitConverter.ToUInt64(bytes, i));
        for (; i < bytes.Length; i++)
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
