using System.Globalization;
using Tandem.Core.Model;
using Tandem.MySql.Protocol.Values;
using Tandem.MySql.Snapshot;

namespace Tandem.MySql.Verify;

/// <summary>
/// How one table is compared: the columns both sides have (in the source's order), the key rows are matched by (none:
/// a multiset of whole rows), the row filter, and the SQL that reads fingerprints, buckets and rows on either side.
/// </summary>
internal sealed class VerifyTablePlan
{
    /// <summary>The largest LIMIT; a derived table with one is materialized, so its row hash is computed once per row.</summary>
    private const string Unlimited = "18446744073709551615";

    public VerifyTablePlan(TableSchema source, TableSchema target, IReadOnlyList<VerifyColumn> columns, IReadOnlyList<VerifyColumn> key, string? filter)
    {
        Source = source;
        Target = target;
        Columns = columns;
        Key = key;
        Filter = filter;
        SourceName = Qualified(source);
        TargetName = Qualified(target);
        RowEncoding = CanonicalSql.Row(columns.Select(static c => (c.Source, c.ConvertText, c.BareText)));
        RowHash = CanonicalSql.Hash64(RowEncoding);
        KeyEncoding = key.Count == 0 ? null : CanonicalSql.Row(key.Select(static c => (c.Source, c.ConvertText, c.BareText)));
        Bucket = KeyEncoding is null ? RowHash : CanonicalSql.KeyBucket(KeyEncoding);
    }

    public TableSchema Source { get; }

    /// <summary>The same comparison over the rows <paramref name="filter"/> selects.</summary>
    public VerifyTablePlan WithFilter(string? filter) => new(Source, Target, Columns, Key, filter);

    public TableSchema Target { get; }

    public string Name => Source.QualifiedName;

    public string TargetDisplayName => Target.QualifiedName;

    public IReadOnlyList<VerifyColumn> Columns { get; }

    public IReadOnlyList<VerifyColumn> Key { get; }

    public bool Keyless => Key.Count == 0;

    public string? Filter { get; }

    public string SourceName { get; }

    public string TargetName { get; }

    public string RowEncoding { get; }

    public string RowHash { get; }

    public string? KeyEncoding { get; }

    /// <summary>What rows are split into buckets by: a 32-bit hash of the key, or the 64-bit row hash for keyless tables.</summary>
    public string Bucket { get; }

    /// <summary>Bits of <see cref="Bucket"/> available for levels of 64-way splits.</summary>
    public int BucketBits => Keyless ? 64 : 32;

    public string TableOn(bool source) => source ? SourceName : TargetName;

    public string Where(ChunkRange range, string? extra = null)
    {
        var parts = new List<string>(3);
        if (!Keyless && (range.Lower is not null || range.Upper is not null))
            parts.Add(ChunkPredicate.Build(Key.Select(static k => k.Name).ToArray(), range.Lower, range.Upper));
        if (Filter is not null)
            parts.Add($"({Filter})");
        if (extra is not null)
            parts.Add(extra);
        return parts.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", parts);
    }

    /// <summary>Fingerprint of a key range (or the whole keyless table).</summary>
    public string FingerprintSql(bool source, ChunkRange range) =>
        $"SELECT COUNT(*), SUM(h), BIT_XOR(h) FROM (SELECT {RowHash} AS h FROM {TableOn(source)}{Where(range)} LIMIT {Unlimited}) z";

    /// <summary>
    /// The source's next chunk in one pass (single-column keys): the fingerprint of the first <paramref name="rows"/>
    /// rows above the lower bound, and the last key among them, which is the chunk's upper bound.
    /// </summary>
    public string NibbleSql(ChunkRange from, int rows) =>
        string.Create(CultureInfo.InvariantCulture,
            $"SELECT COUNT(*), SUM(h), BIT_XOR(h), MAX(k) FROM (SELECT {Key[0].RawSelect} AS k, {RowHash} AS h FROM {SourceName}{Where(from)} ORDER BY {Key[0].Quoted} LIMIT {rows}) z");

    /// <summary>The key of the <paramref name="rows"/>-th row above the lower bound (composite keys), by an index range scan.</summary>
    public string BoundarySql(ChunkRange from, int rows) =>
        string.Create(CultureInfo.InvariantCulture,
            $"SELECT {string.Join(", ", Key.Select(static k => k.RawSelect))} FROM {SourceName}{Where(from)} ORDER BY {string.Join(", ", Key.Select(static k => k.Quoted))} LIMIT 1 OFFSET {rows - 1}");

    /// <summary>
    /// One level of a 64-way split: fingerprints per bucket of the rows whose lower <paramref name="level"/>*6 bucket
    /// bits are one of <paramref name="paths"/> (all rows at level 0), grouped by their lower (level+1)*6 bits.
    /// </summary>
    public string BucketsSql(bool source, ChunkRange range, int level, IReadOnlyCollection<ulong> paths)
    {
        var mask = Mask(level + 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"SELECT b, COUNT(*), SUM(h), BIT_XOR(h) FROM (SELECT {Bucket} & {mask} AS b, {RowHash} AS h FROM {TableOn(source)}{Where(range, PathFilter(level, paths))} LIMIT {Unlimited}) z GROUP BY b");
    }

    /// <summary>Fingerprints per time slice (time-slice mode), by the slice number expression given.</summary>
    public string SlicesSql(bool source, string sliceNumber) =>
        $"SELECT s, COUNT(*), SUM(h), BIT_XOR(h) FROM (SELECT {sliceNumber} AS s, {RowHash} AS h FROM {TableOn(source)}{Where(ChunkRange.All)} LIMIT {Unlimited}) z GROUP BY s";

    /// <summary>Keyed leaf: each row's key (raw, for literals and display), its key encoding, and its SHA-1.</summary>
    public string KeyedLeafSql(bool source, ChunkRange range, int level, IReadOnlyCollection<ulong> paths) =>
        $"SELECT {string.Join(", ", Key.Select(static k => k.RawSelect))}, {KeyEncoding}, SHA1({RowEncoding}) FROM {TableOn(source)}{Where(range, PathFilter(level, paths))}";

    /// <summary>Keyless leaf: each distinct row once with its copies, its hash, its values raw and canonical.</summary>
    public string KeylessLeafSql(bool source, int level, IReadOnlyCollection<ulong> paths) =>
        $"SELECT h, COUNT(*), {string.Join(", ", Columns.Select(static (c, i) => $"r{i}"))}, {string.Join(", ", Columns.Select(static (c, i) => $"f{i}"))} FROM (" +
        $"SELECT {RowHash} AS h, {string.Join(", ", Columns.Select(static (c, i) => $"{c.RawSelect} AS r{i}"))}, {string.Join(", ", Columns.Select(static (c, i) => $"{c.Field} AS f{i}"))} " +
        $"FROM {TableOn(source)}{Where(ChunkRange.All, PathFilter(level, paths))} LIMIT {Unlimited}) z GROUP BY h";

    /// <summary>Whole rows by key: the key encoding, every column raw, every column's canonical field.</summary>
    public string RowsByKeySql(bool source, IEnumerable<IReadOnlyList<string>> keys) =>
        $"SELECT {KeyEncoding}, {string.Join(", ", Columns.Select(static c => c.RawSelect))}, {string.Join(", ", Columns.Select(static c => c.Field))} FROM {TableOn(source)}{Where(ChunkRange.All, KeyIn(keys))}";

    public string KeyIn(IEnumerable<IReadOnlyList<string>> keys)
    {
        if (Key.Count == 1)
            return $"{Key[0].Quoted} IN ({string.Join(", ", keys.Select(static k => k[0]))})";
        return $"({string.Join(", ", Key.Select(static k => k.Quoted))}) IN ({string.Join(", ", keys.Select(static k => "(" + string.Join(", ", k) + ")"))})";
    }

    private string? PathFilter(int level, IReadOnlyCollection<ulong> paths) =>
        level == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"({Bucket} & {Mask(level)}) IN ({string.Join(", ", paths)})");

    private static ulong Mask(int level) => level * 6 >= 64 ? ulong.MaxValue : (1UL << (level * 6)) - 1;

    private static string Qualified(TableSchema table) =>
        $"{SqlLiteral.QuoteIdentifier(table.Database)}.{SqlLiteral.QuoteIdentifier(table.Name)}";
}
