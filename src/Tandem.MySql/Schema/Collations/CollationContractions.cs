namespace Tandem.MySql.Schema.Collations;

/// <summary>
/// The contractions of one collation: sequences of two or more characters it weighs as one unit, each with that weight,
/// by their first character and longest first, so a match takes the longest sequence that starts at a position.
/// </summary>
internal sealed class CollationContractions
{
    private readonly Dictionary<int, (int[] Codes, byte[] Weight)[]> _byHead;

    public CollationContractions(IEnumerable<(int[] Codes, byte[] Weight)> contractions)
    {
        ArgumentNullException.ThrowIfNull(contractions);
        _byHead = contractions
            .Where(static c => c.Codes.Length >= 2)
            .GroupBy(static c => c.Codes[0])
            .ToDictionary(static g => g.Key, static g => g.OrderByDescending(static c => c.Codes.Length).ToArray());
        Count = _byHead.Values.Sum(static l => l.Length);
    }

    public static CollationContractions None { get; } = new([]);

    public int Count { get; }

    public long SizeBytes => _byHead.Values.Sum(static l => l.Sum(static c => c.Codes.Length * sizeof(int) + c.Weight.Length + 48));

    /// <summary>The weight of the longest contraction starting at <paramref name="at"/>, or null; its length in characters.</summary>
    public byte[]? Match(ReadOnlySpan<int> codes, int at, out int length)
    {
        length = 0;
        if (Count == 0 || !_byHead.TryGetValue(codes[at], out var candidates))
            return null;
        foreach (var (sequence, weight) in candidates)
        {
            if (at + sequence.Length <= codes.Length && codes.Slice(at, sequence.Length).SequenceEqual(sequence))
            {
                length = sequence.Length;
                return weight;
            }
        }

        return null;
    }
}
