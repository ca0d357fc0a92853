using Tandem.Core.Model;
using Tandem.Core.Replication.Folding;

namespace Tandem.Core.Replication;

/// <summary>
/// How one table's rows are identified for ordering and merging: the matching key (<see cref="ReplicationKey"/>) and
/// every unique key, by column position. Built once per <see cref="TableSchema"/> instance. Key values hash as the target
/// compares them: text through its column's <see cref="IKeyTextFold"/>, and only the prefix a key holds of a column.
/// </summary>
public sealed class TableKeys
{
    private readonly KeyPart[]? _matching;
    private readonly KeyPart[][] _unique;

    /// <param name="table">The table as the source declares it.</param>
    /// <param name="identity">
    /// The name rows are written under (the routed target table), so tables routed into one target share their conflict
    /// keys; the source name when null.
    /// </param>
    /// <param name="textFold">
    /// The engine's fold for the values of a key column that arrive as text, by its collation; null from it means the text
    /// is compared exactly (a type's canonical text, such as a UUID's). Without it every text is held equal
    /// (<see cref="AnyTextFold"/>): safe, but changes of text keys then keep their order one after another.
    /// </param>
    public TableKeys(TableSchema table, string? identity = null, Func<ColumnSchema, IKeyTextFold?>? textFold = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
        Identity = KeyHash.Start((identity ?? table.QualifiedName).ToUpperInvariant());
        MatchingKey = ReplicationKey.Ordinals(table);
        var unique = new List<(int[] Ordinals, KeyPart[] Parts)>();
        foreach (var index in table.Indexes)
        {
            if (!index.IsPrimary && !index.IsUnique)
                continue;
            var ordinals = index.Columns.Select(table.IndexOf).ToArray();
            if (ordinals.Any(static o => o < 0))
                continue;
            unique.Add((ordinals, [.. ordinals.Select((o, p) => Part(table, o, index.PrefixOf(p), textFold))]));
        }

        if (MatchingKey is { } matching)
        {
            var found = unique.FindIndex(u => u.Ordinals.SequenceEqual(matching));
            if (found < 0)
            {
                unique.Insert(0, (matching, [.. matching.Select(o => Part(table, o, 0, textFold))]));
                found = 0;
            }

            _matching = unique[found].Parts;
        }

        UniqueKeys = [.. unique.Select(static u => u.Ordinals)];
        _unique = [.. unique.Select(static u => u.Parts)];
    }

    public TableSchema Table { get; }

    /// <summary>Positions of the matching key's columns, or null when the table has no usable key.</summary>
    public int[]? MatchingKey { get; }

    /// <summary>The matching key and every other unique key (a unique key over nullable columns included).</summary>
    public IReadOnlyList<int[]> UniqueKeys { get; }

    /// <summary>True when <see cref="UniqueKeys"/> holds more than the matching key (an upsert must then replace).</summary>
    public bool HasOtherUniqueKeys => UniqueKeys.Count > (MatchingKey is null ? 0 : 1);

    /// <summary>A hash of the table's name: the one conflict key of a table matched on all columns.</summary>
    public ulong Identity { get; }

    /// <summary>
    /// Adds the conflict keys of one row image: one hash per unique key whose values are all non-null (a NULL in a
    /// unique key conflicts with nothing), or the table's identity when it has no matching key.
    /// </summary>
    public void AddConflictKeys(object?[]? row, ISet<ulong> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (row is null)
            return;
        if (MatchingKey is null)
        {
            keys.Add(Identity);
            return;
        }

        for (var k = 0; k < _unique.Length; k++)
        {
            var hash = KeyHash.Add(Identity, k);
            var hasNull = false;
            foreach (var part in _unique[k])
            {
                var value = row[part.Ordinal];
                if (value is null)
                {
                    hasNull = true;
                    break;
                }

                hash = part.Add(hash, value);
            }

            if (!hasNull)
                keys.Add(hash);
        }
    }

    /// <summary>The matching key's values of a row image.</summary>
    public object?[] KeyOf(object?[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var ordinals = MatchingKey ?? throw new InvalidOperationException($"{Table.QualifiedName} has no matching key");
        var key = new object?[ordinals.Length];
        for (var i = 0; i < ordinals.Length; i++)
            key[i] = row[ordinals[i]];
        return key;
    }

    /// <summary>The hash of matching-key values (as <see cref="KeyOf"/> returns them): equal for keys the target holds equal.</summary>
    public ulong FoldedKey(object?[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = _matching ?? throw new InvalidOperationException($"{Table.QualifiedName} has no matching key");
        var hash = Identity;
        for (var i = 0; i < parts.Length; i++)
            hash = parts[i].Add(hash, key[i]);
        return hash;
    }

    private static KeyPart Part(TableSchema table, int ordinal, int prefix, Func<ColumnSchema, IKeyTextFold?>? textFold)
    {
        var fold = textFold is null ? AnyTextFold.Instance : textFold(table.Columns[ordinal]);
        return new KeyPart(ordinal, prefix, fold);
    }

    /// <summary>One column of a key: where it is in the row, how much of it the key holds, and how its text folds.</summary>
    private readonly record struct KeyPart(int Ordinal, int Prefix, IKeyTextFold? Fold)
    {
        public ulong Add(ulong hash, object? value)
        {
            if (Prefix > 0)
                value = Truncated(value, Prefix);
            return KeyHash.Add(hash, value, Fold);
        }

        /// <summary>The first <paramref name="prefix"/> characters of text (code points, as the server counts them) or bytes.</summary>
        private static object? Truncated(object? value, int prefix)
        {
            switch (value)
            {
                case byte[] bytes when bytes.Length > prefix:
                    return bytes[..prefix];
                case string text when text.Length > prefix:
                    var end = 0;
                    for (var count = 0; end < text.Length && count < prefix; count++)
                        end += char.IsSurrogatePair(text, end) ? 2 : 1;
                    return end < text.Length ? text[..end] : text;
                default:
                    return value;
            }
        }
    }
}
