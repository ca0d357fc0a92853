using System.Diagnostics;
using Tandem.Core.Verify;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Verify;

/// <summary>
/// Compares one table. Keyed tables go chunk by chunk along the key: the source reads the next chunk's fingerprint and
/// its upper bound in one query, then the target fingerprints the same range while the source already reads the next
/// chunk. A chunk whose fingerprints differ is narrowed by 64-way splits on a hash of the key, one query per side per
/// level, until few enough rows remain to list their keys and digests; the rows that differ are then read whole and
/// compared column by column. Keyless tables are one multiset: split on the row hash, and compared by copies per row.
/// On a live pair, rows found different are read again once the target has caught up with the source position of the
/// read, for a few rounds; only rows still different are reported.
/// </summary>
internal sealed class TableVerifier
{
    /// <summary>Below this many rows in the differing buckets, their keys and digests are listed outright.</summary>
    internal const int LeafRows = 10_000;

    private readonly VerifyTablePlan _plan;
    private readonly string _unit;
    private readonly VerifySession _source;
    private readonly VerifySession _target;
    private readonly VerifyContext _context;
    private readonly TableResult _result;
    private readonly RowComparison _rows;

    public TableVerifier(VerifyTablePlan plan, string unit, VerifySession source, VerifySession target, VerifyContext context, TableResult result)
    {
        _plan = plan;
        _unit = unit;
        _source = source;
        _target = target;
        _context = context;
        _result = result;
        _rows = new RowComparison(plan, source, target);
    }

    /// <summary>Compares the table from <paramref name="resumeAfter"/> (a key; null: from the start).</summary>
    public async Task RunAsync(IReadOnlyList<string>? resumeAfter, CancellationToken ct)
    {
        if (_plan.Keyless)
            await CompareKeylessAsync(ct).ConfigureAwait(false);
        else
            await CompareChunksAsync(resumeAfter, ct).ConfigureAwait(false);
    }

    private async Task CompareChunksAsync(IReadOnlyList<string>? resumeAfter, CancellationToken ct)
    {
        var size = new AdaptiveChunkSize(_context.Options.ChunkRows, _context.Options.ChunkTime);
        var lower = resumeAfter;
        var pending = ReadSourceChunkAsync(lower, size.Rows, ct);
        while (true)
        {
            var chunk = await pending.ConfigureAwait(false);
            size.Observe(chunk.Fingerprint.Count, chunk.Elapsed);
            var range = new ChunkRange(lower, chunk.Upper);
            var targetRead = FingerprintAsync(_target, range, ct);
            pending = chunk.Upper is null ? null! : ReadSourceChunkAsync(chunk.Upper, size.Rows, ct);
            ChunkFingerprint targetPrint;
            try
            {
                targetPrint = await targetRead.ConfigureAwait(false);
            }
            catch
            {
                if (chunk.Upper is not null)
                    await Observe(pending).ConfigureAwait(false);
                throw;
            }

            List<RowDifference> differences = [];
            if (chunk.Fingerprint != targetPrint)
            {
                // The source connection is busy with the next chunk; the drill-down needs it.
                SourceChunk? next = chunk.Upper is null ? null : await pending.ConfigureAwait(false);
                differences = await DrillDownAsync(range, chunk.Fingerprint, targetPrint, ct).ConfigureAwait(false);
                if (next is not null)
                    pending = Task.FromResult(next);
                _result.DifferingChunks += differences.Count > 0 ? 1 : 0;
            }

            Record(range, chunk.Fingerprint.Count, targetPrint.Count, differences);
            if (chunk.Upper is null)
                return;
            lower = chunk.Upper;
        }
    }

    private static async Task Observe(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            // The first error is the one reported.
        }
    }

    private sealed record SourceChunk(ChunkFingerprint Fingerprint, IReadOnlyList<string>? Upper, TimeSpan Elapsed);

    /// <summary>
    /// The source's next chunk above <paramref name="lower"/>: its fingerprint and upper bound (null when it reaches the
    /// end of the table, so the target's range is open above and its extra rows are counted too).
    /// </summary>
    private async Task<SourceChunk> ReadSourceChunkAsync(IReadOnlyList<string>? lower, int rows, CancellationToken ct)
    {
        await _context.Limiter.WaitAsync(rows, ct).ConfigureAwait(false);
        var from = new ChunkRange(lower, null);
        var watch = Stopwatch.StartNew();
        if (_plan.Key.Count == 1)
        {
            ChunkFingerprint print = ChunkFingerprint.Empty;
            string? upper = null;
            await _source.ReadAsync(_plan.NibbleSql(from, rows), reader =>
            {
                print = FingerprintRow.Read(reader, 0);
                upper = reader.IsDBNull(3) ? null : _plan.Key[0].Literal(reader.GetRawBytes(3), false);
            }, ct).ConfigureAwait(false);
            // Fewer rows than asked: this chunk runs to the end of the table.
            return new SourceChunk(print, print.Count < rows ? null : [upper!], watch.Elapsed);
        }

        string[]? bound = null;
        await _source.ReadAsync(_plan.BoundarySql(from, rows), reader =>
        {
            bound = new string[_plan.Key.Count];
            for (var i = 0; i < bound.Length; i++)
                bound[i] = _plan.Key[i].Literal(reader.GetRawBytes(i), reader.IsDBNull(i));
        }, ct).ConfigureAwait(false);
        var fingerprint = await FingerprintAsync(_source, new ChunkRange(lower, bound), ct).ConfigureAwait(false);
        return new SourceChunk(fingerprint, bound, watch.Elapsed);
    }

    private async Task<ChunkFingerprint> FingerprintAsync(VerifySession session, ChunkRange range, CancellationToken ct)
    {
        var print = ChunkFingerprint.Empty;
        await session.ReadAsync(_plan.FingerprintSql(session == _source, range), reader => print = FingerprintRow.Read(reader, 0), ct).ConfigureAwait(false);
        return print;
    }

    private async Task CompareKeylessAsync(CancellationToken ct)
    {
        await _context.Limiter.WaitAsync(1, ct).ConfigureAwait(false);
        var (sourcePrint, targetPrint) = await BothAsync(s => FingerprintAsync(s, ChunkRange.All, ct)).ConfigureAwait(false);
        List<RowDifference> differences = [];
        if (sourcePrint != targetPrint)
        {
            differences = await DrillDownAsync(ChunkRange.All, sourcePrint, targetPrint, ct).ConfigureAwait(false);
            _result.DifferingChunks += differences.Count > 0 ? 1 : 0;
        }

        Record(ChunkRange.All, sourcePrint.Count, targetPrint.Count, differences);
    }

    /// <summary>Narrows a differing range to rows, then (live pairs) re-checks them until they agree or the rounds run out.</summary>
    private async Task<List<RowDifference>> DrillDownAsync(ChunkRange range, ChunkFingerprint sourcePrint, ChunkFingerprint targetPrint, CancellationToken ct)
    {
        var level = 0;
        IReadOnlyCollection<ulong> paths = [0UL];
        var rows = Math.Max(sourcePrint.Count, targetPrint.Count);
        while (rows > LeafRows && (level + 1) * 6 <= _plan.BucketBits)
        {
            var (sourceBuckets, targetBuckets) = await BothAsync(s => BucketsAsync(s, range, level, paths, ct)).ConfigureAwait(false);
            var differing = sourceBuckets.Keys.Union(targetBuckets.Keys)
                .Where(b => sourceBuckets.GetValueOrDefault(b, ChunkFingerprint.Empty) != targetBuckets.GetValueOrDefault(b, ChunkFingerprint.Empty))
                .ToArray();
            rows = differing.Sum(b => Math.Max(sourceBuckets.GetValueOrDefault(b, ChunkFingerprint.Empty).Count, targetBuckets.GetValueOrDefault(b, ChunkFingerprint.Empty).Count));
            paths = differing;
            level++;
            if (differing.Length == 0)
                return []; // the rows moved between the reads: nothing differs now
        }

        if (_plan.Keyless)
            return await KeylessLeafAsync(level, paths, ct).ConfigureAwait(false);

        var (sourceLeaf, targetLeaf) = await BothAsync(s => _rows.LeafAsync(s, range, level, paths, ct)).ConfigureAwait(false);
        var differences = await _rows.CompareLeavesAsync(sourceLeaf, targetLeaf, ct).ConfigureAwait(false);
        return _context.Live is { } live && differences.Count > 0
            ? await RecheckAsync(differences, live, ct).ConfigureAwait(false)
            : differences;
    }

    private async Task<Dictionary<ulong, ChunkFingerprint>> BucketsAsync(VerifySession session, ChunkRange range, int level, IReadOnlyCollection<ulong> paths, CancellationToken ct)
    {
        var buckets = new Dictionary<ulong, ChunkFingerprint>();
        await session.ReadAsync(_plan.BucketsSql(session == _source, range, level, paths),
            reader => buckets[FingerprintRow.UInt64(reader, 0)] = FingerprintRow.Read(reader, 1), ct).ConfigureAwait(false);
        return buckets;
    }

    private async Task<List<RowDifference>> KeylessLeafAsync(int level, IReadOnlyCollection<ulong> paths, CancellationToken ct)
    {
        var (sourceRows, targetRows) = await BothAsync(s => _rows.KeylessLeafAsync(s, level, paths, ct)).ConfigureAwait(false);
        var differences = RowComparison.CompareCopies(sourceRows, targetRows);
        if (_context.Live is not { } live || differences.Count == 0)
            return differences;

        // Rows without a key cannot be read again one by one: the rounds re-read the buckets, and a row stays reported
        // only while it differs in every round.
        for (var round = 1; round <= _context.Options.RecheckRounds && differences.Count > 0; round++)
        {
            await live.WaitAsync(await SourcePositionAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            var (again, againTarget) = await BothAsync(s => _rows.KeylessLeafAsync(s, level, paths, ct)).ConfigureAwait(false);
            var still = RowComparison.CompareCopies(again, againTarget).ToDictionary(static d => d.Identity);
            var kept = differences.Where(d => still.ContainsKey(d.Identity)).Select(d => still[d.Identity]).ToList();
            _result.InFlightRows += differences.Count - kept.Count;
            differences = kept;
        }

        return differences;
    }

    /// <summary>
    /// Reads the differing rows again: the source first, then the target once it has applied everything the source
    /// held at that read. A row that agrees in any round was only in flight.
    /// </summary>
    private async Task<List<RowDifference>> RecheckAsync(List<RowDifference> differences, ILiveWait live, CancellationToken ct)
    {
        for (var round = 1; round <= _context.Options.RecheckRounds && differences.Count > 0; round++)
        {
            var keys = differences.Select(static d => d.KeyLiterals).ToList();
            var sourceRows = await _rows.RowsByKeyAsync(_source, keys, ct).ConfigureAwait(false);
            await live.WaitAsync(await SourcePositionAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            var targetRows = await _rows.RowsByKeyAsync(_target, keys, ct).ConfigureAwait(false);
            var still = _rows.CompareByKey(differences, sourceRows, targetRows);
            _result.InFlightRows += differences.Count - still.Count;
            differences = still;
        }

        return differences;
    }

    private async Task<BinlogFilePosition> SourcePositionAsync(CancellationToken ct)
    {
        var (file, offset, _) = await SourceStatus.ReadAsync(_source.Connection, ct).ConfigureAwait(false);
        return new BinlogFilePosition(file, offset);
    }

    private async Task<(T Source, T Target)> BothAsync<T>(Func<VerifySession, Task<T>> read)
    {
        var source = read(_source);
        var target = read(_target);
        try
        {
            return (await source.ConfigureAwait(false), await target.ConfigureAwait(false));
        }
        catch
        {
            await Observe(source).ConfigureAwait(false);
            await Observe(target).ConfigureAwait(false);
            throw;
        }
    }

    private void Record(ChunkRange range, long sourceRows, long targetRows, List<RowDifference> differences)
    {
        _result.Chunks++;
        _result.SourceRows += sourceRows;
        _result.TargetRows += targetRows;
        foreach (var difference in differences)
        {
            if (_result.Differences.Count < _context.Options.MaxDifferences)
                _result.Differences.Add(difference);
            else
                _result.DroppedDifferences++;
        }

        _context.Journal.ChunkDone(_unit, range.Upper, sourceRows, targetRows, differences);
        _context.Progress.Advanced(_result.Table, Math.Max(sourceRows, targetRows));
    }
}
