using Tandem.Core.Model;

namespace Tandem.Core.Replication;

/// <summary>
/// Collapses consecutive row changes of one table into the final state per matching key: the last image wins, a delete
/// leaves a tombstone, and an update that changes the key deletes the old key and writes the new row. Writing the
/// tombstones (a DELETE by key) and then the rows (an upsert) reproduces the state after the last change merged, and
/// writing it again changes nothing, which is what makes a replay from an older checkpoint safe.
/// </summary>
/// <remarks>
/// Keys merge by exact value. Two keys a case-, accent- or pad-insensitive collation may consider equal ('a' and 'A ')
/// cannot be merged (their order would be lost), so <see cref="TryAdd"/> refuses the second: the caller writes what is
/// merged so far and starts again.
/// </remarks>
public sealed class RowMerger
{
    private readonly TableKeys _keys;
    private readonly Dictionary<RowKey, object?[]?> _final = [];
    private readonly Dictionary<ulong, RowKey> _folded = [];

    public RowMerger(TableKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.MatchingKey is null)
            throw new ArgumentException($"{keys.Table.QualifiedName} has no matching key to merge by", nameof(keys));
        _keys = keys;
    }

    public TableKeys Keys => _keys;

    /// <summary>Keys held (rows and tombstones).</summary>
    public int Count => _final.Count;

    /// <summary>Key values of the rows whose final state is deleted.</summary>
    public IEnumerable<object?[]> DeletedKeys => _final.Where(static e => e.Value is null).Select(static e => e.Key.Values);

    /// <summary>The final images of the rows that exist after the merged changes.</summary>
    public IEnumerable<object?[]> Rows => _final.Values.Where(static v => v is not null)!;

    public int DeletedCount => _final.Count(static e => e.Value is null);

    /// <summary>Merges one change; false (and nothing merged) when it must wait for what is merged to be written.</summary>
    public bool TryAdd(ChangeKind kind, object?[]? before, object?[]? after)
    {
        switch (kind)
        {
            case ChangeKind.Insert:
                return TrySet(Key(after!), after);
            case ChangeKind.Delete:
                return TrySet(Key(before!), null);
            default:
                var from = Key(before!);
                var to = Key(after!);
                if (from.Equals(to))
                    return TrySet(to, after);
                if (!CanHold(from) || !CanHold(to))
                    return false;
                Set(from, null);
                Set(to, after);
                return true;
        }
    }

    /// <summary>Merges a change into the state, as <see cref="TryAdd"/>, given the row change.</summary>
    public bool TryAdd(RowChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return TryAdd(change.Kind, change.Before, change.After);
    }

    public void Clear()
    {
        _final.Clear();
        _folded.Clear();
    }

    private RowKey Key(object?[] row) => RowKey.Of(_keys, row);

    private bool TrySet(RowKey key, object?[]? row)
    {
        if (!CanHold(key))
            return false;
        Set(key, row);
        return true;
    }

    private bool CanHold(RowKey key) => !_folded.TryGetValue(key.Folded, out var held) || held.Equals(key);

    private void Set(RowKey key, object?[]? row)
    {
        _final[key] = row;
        _folded[key.Folded] = key;
    }
}
