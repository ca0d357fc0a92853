using System.Buffers;
using Tandem.Core.Replication;
using Tandem.Core.Replication.Folding;

namespace Tandem.MySql.Schema.Collations;

/// <summary>
/// Folds text by a collation's primary weights, as the server computes them with <c>WEIGHT_STRING(c LEVEL 1)</c>
/// (https://mariadb.com/kb/en/weight_string/): text folds to the concatenation of the weights of its characters and of its
/// contractions (the sequences a collation weighs as one: Czech "ch", Croatian "dž" that equals 'ǆ', Cyrillic И with a
/// combining breve that equals Й under UCA 14.0), matched longest first as the Unicode Collation Algorithm does
/// (https://www.unicode.org/reports/tr10/#Contractions), without the trailing weights of spaces under a PAD SPACE
/// collation. So strings the collation holds equal fold alike: a character that weighs like two ('ß' and "ss" under
/// utf8mb4_unicode_ci) adds both weights, an ignorable one adds nothing, and case and accents that weigh alike fold alike.
/// Only the primary level is used, so a case- or accent-sensitive collation folds more than it compares, which costs
/// waiting, never order. The server-backed test CollationFoldTests checks all of this character by character.
/// </summary>
internal sealed class CollationWeights : IKeyTextFold
{
    private readonly CollationWeightTable _table;
    private readonly CollationContractions _contractions;
    private readonly byte[] _space;

    public CollationWeights(string collation, CollationWeightTable table, ReadOnlySpan<byte> spaceWeight, bool padSpace, bool endsAtNul = false, CollationContractions? contractions = null)
    {
        Collation = collation;
        _table = table;
        _space = spaceWeight.ToArray();
        PadSpace = padSpace;
        EndsAtNul = endsAtNul;
        _contractions = contractions ?? CollationContractions.None;
    }

    public string Collation { get; }

    /// <summary>True when trailing spaces do not count (PAD SPACE), false for NO PAD.</summary>
    public bool PadSpace { get; }

    /// <summary>
    /// True when the collation compares text only up to its first NUL (MariaDB's tis620_thai_nopad_ci holds 'x\0b' and
    /// 'x\0c' equal though their weights differ): the fold then ends there too.
    /// </summary>
    public bool EndsAtNul { get; }

    public int ContractionCount => _contractions.Count;

    /// <summary>Bytes held for this collation.</summary>
    public long SizeBytes => _table.SizeBytes + _contractions.SizeBytes;

    public ulong Add(ulong hash, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (EndsAtNul && text.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0)
            text = text[..nul];
        int[]? rentedCodes = null;
        byte[]? rented = null;
        Span<int> codes = text.Length <= 64 ? stackalloc int[64] : (rentedCodes = ArrayPool<int>.Shared.Rent(text.Length));
        Span<byte> buffer = text.Length <= 32 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(text.Length * 8 + 2 * CollationWeightTable.MaxWeight));
        try
        {
            var count = 0;
            foreach (var rune in text.EnumerateRunes())
                codes[count++] = rune.Value;
            codes = codes[..count];

            var length = 0;
            for (var i = 0; i < codes.Length;)
            {
                if (length + CollationWeightTable.MaxWeight > buffer.Length)
                {
                    // Many characters that expand: grow, since the weights are hashed as one run of bytes.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2 + CollationWeightTable.MaxWeight);
                    buffer[..length].CopyTo(larger);
                    if (rented is not null)
                        ArrayPool<byte>.Shared.Return(rented);
                    rented = larger;
                    buffer = larger;
                }

                if (_contractions.Match(codes, i, out var matched) is { } contraction)
                {
                    contraction.CopyTo(buffer[length..]);
                    length += contraction.Length;
                    i += matched;
                    continue;
                }

                var code = codes[i++];
                var written = _table.CopyWeight(code, buffer[length..]);
                if (written < 0)
                {
                    // A character the server did not weigh (none of the collation's character set): it equals only itself.
                    buffer[length++] = 0xFF;
                    buffer[length++] = 0xFF;
                    buffer[length++] = 0xFF;
                    buffer[length++] = (byte)(code >> 16);
                    buffer[length++] = (byte)(code >> 8);
                    buffer[length++] = (byte)code;
                    continue;
                }

                length += written;
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
            if (rentedCodes is not null)
                ArrayPool<int>.Shared.Return(rentedCodes);
        }
    }

    /// <summary>Writes the weight of one code point; its length, or -1 when the table has none for it.</summary>
    public int CopyWeight(int codePoint, Span<byte> destination) => _table.CopyWeight(codePoint, destination);
}
