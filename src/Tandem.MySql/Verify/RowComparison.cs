using System.Text;
using Tandem.Core.Verify;

namespace Tandem.MySql.Verify;

/// <summary>
/// The row level of a comparison, done by Tandem itself: keys and digests of the rows in the differing buckets, then the
/// rows that differ read whole and compared field by field on their canonical bytes. Rows are matched on the bytes of
/// their key, not the key's collation, so a key that differs only in case is a row on each side.
/// </summary>
internal sealed class RowComparison
{
    private const int KeysPerQuery = 500;

    private readonly VerifyTablePlan _plan;
    private readonly VerifySession _source;
    private readonly VerifySession _target;

    public RowComparison(VerifyTablePlan plan, VerifySession source, VerifySession target)
    {
        _plan = plan;
        _source = source;
        _target = target;
    }

    /// <summary>The keyed rows of the given buckets, by the bytes of their key encoding.</summary>
    public async Task<Dictionary<string, LeafRow>> LeafAsync(VerifySession session, ChunkRange range, int level, IReadOnlyCollection<ulong> paths, CancellationToken ct)
    {
        var rows = new Dictionary<string, LeafRow>(StringComparer.Ordinal);
        var keyCount = _plan.Key.Count;
        await session.ReadAsync(_plan.KeyedLeafSql(session == _source, range, level, paths), reader =>
        {
            var literals = new string[keyCount];
            var display = new string?[keyCount];
            for (var i = 0; i < keyCount; i++)
            {
                var isNull = reader.IsDBNull(i);
                literals[i] = _plan.Key[i].Literal(reader.GetRawBytes(i), isNull);
                display[i] = _plan.Key[i].Display(reader.GetRawBytes(i), isNull);
            }

            rows[Convert.ToHexString(reader.GetRawBytes(keyCount))] = new LeafRow(literals, display, Encoding.ASCII.GetString(reader.GetRawBytes(keyCount + 1)));
        }, ct).ConfigureAwait(false);
        return rows;
    }

    /// <summary>Rows on one side only, and rows on both whose digests differ, read whole to name the columns that differ.</summary>
    public async Task<List<RowDifference>> CompareLeavesAsync(Dictionary<string, LeafRow> source, Dictionary<string, LeafRow> target, CancellationToken ct)
    {
        var differences = new List<RowDifference>();
        var changed = new List<RowDifference>();
        foreach (var (key, row) in source)
        {
            if (!target.TryGetValue(key, out var other))
                differences.Add(KeyOnly(RowDifferenceKind.OnlyInSource, row));
            else if (other.Digest != row.Digest)
                changed.Add(KeyOnly(RowDifferenceKind.Differing, row));
        }

        foreach (var (key, row) in target)
        {
            if (!source.ContainsKey(key))
                differences.Add(KeyOnly(RowDifferenceKind.OnlyInTarget, row));
        }

        if (changed.Count > 0)
        {
            var keys = changed.Select(static d => d.KeyLiterals).ToList();
            var sourceRows = await RowsByKeyAsync(_source, keys, ct).ConfigureAwait(false);
            var targetRows = await RowsByKeyAsync(_target, keys, ct).ConfigureAwait(false);
            differences.AddRange(CompareByKey(changed, sourceRows, targetRows));
        }

        return differences;
    }

    private RowDifference KeyOnly(RowDifferenceKind kind, LeafRow row) => new()
    {
        Kind = kind,
        Key = [.. _plan.Key.Select((k, i) => new ReportedValue(k.Name, row.KeyDisplay[i]))],
        KeyLiterals = row.KeyLiterals,
        SourceCopies = kind == RowDifferenceKind.OnlyInTarget ? 0 : 1,
        TargetCopies = kind == RowDifferenceKind.OnlyInSource ? 0 : 1,
    };

    /// <summary>Whole rows by key, keyed by the literals of their key as read back.</summary>
    public async Task<Dictionary<string, FullRow>> RowsByKeyAsync(VerifySession session, IReadOnlyList<IReadOnlyList<string>> keys, CancellationToken ct)
    {
        var rows = new Dictionary<string, FullRow>(StringComparer.Ordinal);
        var columns = _plan.Columns;
        var keyIndexes = _plan.Key.Select(k => columns.ToList().FindIndex(c => c.Name == k.Name)).ToArray();
        foreach (var batch in keys.Chunk(KeysPerQuery))
        {
            await session.ReadAsync(_plan.RowsByKeySql(session == _source, batch), reader =>
            {
                var literals = new string[columns.Count];
                var fields = new byte[columns.Count][];
                var nulls = new bool[columns.Count];
                for (var i = 0; i < columns.Count; i++)
                {
                    nulls[i] = reader.IsDBNull(1 + i);
                    literals[i] = columns[i].Literal(reader.GetRawBytes(1 + i), nulls[i]);
                    fields[i] = reader.GetRawBytes(1 + columns.Count + i).ToArray();
                }

                rows[string.Join('\u001f', keyIndexes.Select(i => literals[i]))] = new FullRow(literals, fields, nulls);
            }, ct).ConfigureAwait(false);
        }

        return rows;
    }

    /// <summary>What still differs for these keys, given both sides' rows read now.</summary>
    public List<RowDifference> CompareByKey(IEnumerable<RowDifference> candidates, Dictionary<string, FullRow> source, Dictionary<string, FullRow> target)
    {
        var differences = new List<RowDifference>();
        foreach (var candidate in candidates)
        {
            var id = candidate.Identity;
            var inSource = source.TryGetValue(id, out var sourceRow);
            var inTarget = target.TryGetValue(id, out var targetRow);
            if (inSource && inTarget)
            {
                var columns = DifferingColumns(sourceRow!, targetRow!);
                if (columns.Count > 0)
                    differences.Add(candidate with { Kind = RowDifferenceKind.Differing, Columns = columns, SourceCopies = 1, TargetCopies = 1 });
            }
            else if (inSource || inTarget)
            {
                var kind = inSource ? RowDifferenceKind.OnlyInSource : RowDifferenceKind.OnlyInTarget;
                differences.Add(candidate with { Kind = kind, Columns = [], SourceCopies = inSource ? 1 : 0, TargetCopies = inTarget ? 1 : 0 });
            }
        }

        return differences;
    }

    private List<ColumnDifference> DifferingColumns(FullRow source, FullRow target)
    {
        var columns = new List<ColumnDifference>();
        for (var i = 0; i < _plan.Columns.Count; i++)
        {
            if (source.Fields[i].AsSpan().SequenceEqual(target.Fields[i]))
                continue;
            var column = _plan.Columns[i];
            columns.Add(new ColumnDifference(column.Name, ValueDisplay.FromCanonical(column.Source, source.Fields[i]), ValueDisplay.FromCanonical(column.Source, target.Fields[i])));
        }

        return columns;
    }

    /// <summary>Each distinct row of the given buckets once, with its copies on this side.</summary>
    public async Task<Dictionary<string, KeylessRow>> KeylessLeafAsync(VerifySession session, int level, IReadOnlyCollection<ulong> paths, CancellationToken ct)
    {
        var rows = new Dictionary<string, KeylessRow>(StringComparer.Ordinal);
        var columns = _plan.Columns;
        await session.ReadAsync(_plan.KeylessLeafSql(session == _source, level, paths), reader =>
        {
            var hash = FingerprintRow.Ascii(reader, 0)!;
            var copies = long.Parse(FingerprintRow.Ascii(reader, 1)!, System.Globalization.CultureInfo.InvariantCulture);
            var literals = new string[columns.Count];
            var display = new ReportedValue[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                var isNull = reader.IsDBNull(2 + i);
                literals[i] = columns[i].Literal(reader.GetRawBytes(2 + i), isNull);
                display[i] = new ReportedValue(columns[i].Name, ValueDisplay.FromCanonical(columns[i].Source, reader.GetRawBytes(2 + columns.Count + i)));
            }

            rows[hash] = new KeylessRow(hash, copies, literals, display);
        }, ct).ConfigureAwait(false);
        return rows;
    }

    /// <summary>Rows whose copies differ: the side with more copies has the surplus.</summary>
    public static List<RowDifference> CompareCopies(Dictionary<string, KeylessRow> source, Dictionary<string, KeylessRow> target)
    {
        var differences = new List<RowDifference>();
        foreach (var hash in source.Keys.Union(target.Keys))
        {
            var sourceCopies = source.TryGetValue(hash, out var s) ? s.Copies : 0;
            var targetCopies = target.TryGetValue(hash, out var t) ? t.Copies : 0;
            if (sourceCopies == targetCopies)
                continue;
            var row = s ?? t!;
            differences.Add(new RowDifference
            {
                Kind = sourceCopies > targetCopies ? RowDifferenceKind.OnlyInSource : RowDifferenceKind.OnlyInTarget,
                Key = row.Display,
                KeyLiterals = row.Literals,
                SourceCopies = sourceCopies,
                TargetCopies = targetCopies,
                RowHash = hash,
            });
        }

        return differences;
    }
}

/// <summary>A distinct row of a keyless table: its hash, copies on one side, literals and display values.</summary>
internal sealed record KeylessRow(string Hash, long Copies, string[] Literals, ReportedValue[] Display);
