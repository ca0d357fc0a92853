using Tandem.Core.Model;

namespace Tandem.Core.Replication;

/// <summary>
/// How one table's rows are identified for ordering and merging: the matching key (<see cref="ReplicationKey"/>) and
/// every unique key, by column position. Built once per <see cref="TableSchema"/> instance.
/// </summary>
public sealed class TableKeys
{
    /// <param name="table">The table as the source declares it.</param>
    /// <param name="identity">
    /// The name rows are written under (the routed target table), so tables routed into one target share their conflict
    /// keys; the source name when null.
    /// </param>
    public TableKeys(TableSchema table, string? identity = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
        Identity = KeyHash.Start((identity ?? table.QualifiedName).ToUpperInvariant());
        MatchingKey = ReplicationKey.Ordinals(table);
        var unique = new List<int[]>();
        foreach (var index in table.Indexes)
        {
            if (!index.IsPrimary && !index.IsUnique)
                continue;
            var ordinals = index.Columns.Select(table.IndexOf).ToArray();
            if (ordinals.Any(static o => o < 0))
                continue;
            unique.Add(ordinals);
        }

        if (MatchingKey is not null && !unique.Any(u => u.SequenceEqual(MatchingKey)))
            unique.Insert(0, MatchingKey);
        UniqueKeys = unique;
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

        for (var k = 0; k < UniqueKeys.Count; k++)
        {
            var ordinals = UniqueKeys[k];
            var hash = KeyHash.Add(Identity, k);
            var hasNull = false;
            foreach (var ordinal in ordinals)
            {
                var value = row[ordinal];
                if (value is null)
                {
                    hasNull = true;
                    break;
                }

                hash = KeyHash.Add(hash, value);
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
}
