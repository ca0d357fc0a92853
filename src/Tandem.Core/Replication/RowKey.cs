namespace Tandem.Core.Replication;

/// <summary>
/// A row's matching-key values, compared exactly (text ordinally, bytes by content), with the hash of the values as the
/// target's collations fold them (<see cref="Folded"/>): two keys the target holds equal have equal folded hashes.
/// </summary>
public readonly struct RowKey : IEquatable<RowKey>
{
    public RowKey(object?[] values, ulong folded)
    {
        Values = values;
        Folded = folded;
    }

    public object?[] Values { get; }

    /// <summary>The collation-folded hash: equal for keys the target may consider equal.</summary>
    public ulong Folded { get; }

    /// <summary>The key of a row image of a table with a matching key.</summary>
    public static RowKey Of(TableKeys keys, object?[] row)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var values = keys.KeyOf(row);
        return new RowKey(values, keys.FoldedKey(values));
    }

    public static bool operator ==(RowKey left, RowKey right) => left.Equals(right);

    public static bool operator !=(RowKey left, RowKey right) => !left.Equals(right);

    public bool Equals(RowKey other)
    {
        if (Values.Length != other.Values.Length)
            return false;
        for (var i = 0; i < Values.Length; i++)
        {
            if (!ValueEquals(Values[i], other.Values[i]))
                return false;
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

    public override int GetHashCode() => Folded.GetHashCode();

    private static bool ValueEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        _ => a.Equals(b),
    };
}
