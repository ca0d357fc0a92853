using System.Buffers;
using System.Text;
using Tandem.Core.Replication;
using Tandem.Core.Replication.Folding;

namespace Tandem.MySql.Schema.Collations;

/// <summary>
/// A collation's primary weight of every character, as the server computes it with <c>WEIGHT_STRING(c LEVEL 1)</c>
/// (https://mariadb.com/kb/en/weight_string/). Text folds to the concatenation of its characters' weights, without the
/// trailing weights of spaces under a PAD SPACE collation, so strings the collation holds equal fold alike: a character
/// that weighs like two ('ß' and "ss" under utf8mb4_unicode_ci) adds both weights, an ignorable one (NUL under
/// utf8mb4_unicode_ci) adds nothing, and case and accents that weigh alike fold alike. Only the primary level is used, so
/// a case- or accent-sensitive collation folds more than it compares, which costs waiting, never order. A contraction
/// (Czech "ch") weighs differently from its letters, so folding by letter holds "ch" and "cH" alike where the collation
/// does not: folding more again. The server-backed test CollationFoldTests checks all of this character by character.
/// </summary>
internal sealed class CollationWeights : IKeyTextFold
{
    private const int PageBits = 8;
    private const int PageSize = 1 << PageBits;
    private const int Pages = 0x110000 >> PageBits;

    private readonly Page?[] _pages;
    private readonly byte[] _space;

    internal CollationWeights(string collation, Page?[] pages, byte[] spaceWeight, bool padSpace)
    {
        Collation = collation;
        _pages = pages;
        _space = spaceWeight;
        PadSpace = padSpace;
    }

    public string Collation { get; }

    /// <summary>True when trailing spaces do not count (PAD SPACE), false for NO PAD.</summary>
    public bool PadSpace { get; }

    public ulong Add(ulong hash, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[]? rented = null;
        Span<byte> buffer = text.Length <= 64 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(text.Length * 8 + 16));
        try
        {
            var length = 0;
            foreach (var rune in text.EnumerateRunes())
            {
                var weight = WeightOf(rune.Value, out var unknown);
                if (length + weight.Length + 6 > buffer.Length)
                {
                    // Many characters that expand: grow, since the weights are hashed as one run of bytes.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2 + weight.Length + 6);
                    buffer[..length].CopyTo(larger);
                    if (rented is not null)
                        ArrayPool<byte>.Shared.Return(rented);
                    rented = larger;
                    buffer = larger;
                }

                if (unknown)
                {
                    // A character the server did not weigh (none of the collation's character set): it equals only itself.
                    buffer[length++] = 0xFF;
                    buffer[length++] = 0xFF;
                    buffer[length++] = 0xFF;
                    buffer[length++] = (byte)(rune.Value >> 16);
                    buffer[length++] = (byte)(rune.Value >> 8);
                    buffer[length++] = (byte)rune.Value;
                    continue;
                }

                weight.CopyTo(buffer[length..]);
                length += weight.Length;
            }

            if (PadSpace && _space.Length > 0)
            {
                // Weights come in units of one size per collation, so a trailing space's weight sits on a unit boundary.
                while (length >= _space.Length && buffer.Slice(length - _space.Length, _space.Length).SequenceEqual(_space))
                    length -= _space.Length;
            }

            return KeyHash.AddBytes(hash, buffer[..length]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The weight of one code point; <paramref name="unknown"/> when the table has none for it.</summary>
    public ReadOnlySpan<byte> WeightOf(int codePoint, out bool unknown)
    {
        var page = (uint)codePoint < 0x110000 ? _pages[codePoint >> PageBits] : null;
        if (page is null)
        {
            unknown = true;
            return [];
        }

        return page.WeightOf(codePoint & (PageSize - 1), out unknown);
    }

    /// <summary>Gathers weights by code point, in any order, and builds the table (identical pages shared).</summary>
    internal sealed class Builder
    {
        private readonly Dictionary<int, byte[]> _weights = [];

        public int Count => _weights.Count;

        /// <summary>Records a code point's weight; a code point seen twice keeps its first (they are the same bytes).</summary>
        public void Add(int codePoint, ReadOnlySpan<byte> weight)
        {
            if ((uint)codePoint >= 0x110000)
                return;
            _weights.TryAdd(codePoint, weight.ToArray());
        }

        public CollationWeights Build(string collation, ReadOnlySpan<byte> spaceWeight, bool padSpace)
        {
            var pages = new Page?[Pages];
            var shared = new Dictionary<string, Page>(StringComparer.Ordinal);
            foreach (var group in _weights.GroupBy(static e => e.Key >> PageBits))
            {
                var entries = new byte[]?[PageSize];
                foreach (var (codePoint, weight) in group)
                    entries[codePoint & (PageSize - 1)] = weight;
                var page = Page.Create(entries);
                var signature = page.Signature();
                pages[group.Key] = shared.TryGetValue(signature, out var same) ? same : shared[signature] = page;
            }

            return new CollationWeights(collation, pages, spaceWeight.ToArray(), padSpace);
        }
    }

    /// <summary>The weights of 256 consecutive code points, packed: offsets into one byte array, a negative length for none.</summary>
    internal sealed class Page
    {
        private readonly int[] _starts;
        private readonly byte[] _bytes;

        private Page(int[] starts, byte[] bytes)
        {
            _starts = starts;
            _bytes = bytes;
        }

        public static Page Create(byte[]?[] entries)
        {
            var starts = new int[PageSize + 1];
            var bytes = new List<byte>();
            for (var i = 0; i < PageSize; i++)
            {
                // A code point without a weight is marked by the sign bit of its start.
                starts[i] = entries[i] is null ? ~bytes.Count : bytes.Count;
                if (entries[i] is { } weight)
                    bytes.AddRange(weight);
            }

            starts[PageSize] = bytes.Count;
            return new Page(starts, [.. bytes]);
        }

        public ReadOnlySpan<byte> WeightOf(int index, out bool unknown)
        {
            var start = _starts[index];
            unknown = start < 0;
            if (unknown)
                return [];
            var next = _starts[index + 1];
            var end = next < 0 ? ~next : next;
            return _bytes.AsSpan(start, end - start);
        }

        public string Signature()
        {
            var text = new StringBuilder(_bytes.Length * 2 + PageSize * 4);
            foreach (var start in _starts)
                text.Append(start).Append(',');
            return text.Append(Convert.ToHexString(_bytes)).ToString();
        }
    }
}
