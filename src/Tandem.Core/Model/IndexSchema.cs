namespace Tandem.Core.Model;

/// <summary>A primary key, unique key or plain index, by column names in key order.</summary>
public sealed record IndexSchema
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>
    /// Per column, how much of it the index holds: 0 for the whole value, else the prefix length written as <c>col(N)</c>
    /// (characters for text, bytes for binary strings). Empty when no column has a prefix. A unique key over a prefix
    /// holds two values equal when their prefixes are.
    /// </summary>
    public IReadOnlyList<int> PrefixLengths { get; init; } = [];

    public bool IsPrimary { get; init; }

    public bool IsUnique { get; init; }

    /// <summary>The prefix length of the column at <paramref name="position"/> in <see cref="Columns"/>; 0 for the whole value.</summary>
    public int PrefixOf(int position) => position < PrefixLengths.Count ? PrefixLengths[position] : 0;

    /// <summary>The prefix lengths to store: empty when no column has one.</summary>
    public static IReadOnlyList<int> Prefixes(IEnumerable<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        var list = lengths.ToArray();
        return list.Any(static l => l > 0) ? list : [];
    }
}
