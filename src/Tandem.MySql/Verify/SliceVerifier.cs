using System.Globalization;
using Tandem.Core.Verify;

namespace Tandem.MySql.Verify;

/// <summary>
/// Time-slice mode: one query per side fingerprints every slice of the window at once (rows grouped by how many whole
/// slices their time column lies after the window's start), which names the slices that differ; only those are then
/// compared row by row, each as its own resumable unit.
/// </summary>
internal sealed class SliceVerifier(VerifyTablePlan plan, VerifySession source, VerifySession target, VerifyContext context, TableResult result, TimeSliceOptions slices)
{
    public async Task RunAsync(CancellationToken ct)
    {
        IReadOnlyList<SliceDifference> differing;
        if (context.Journal.Resumed(plan.Name) is { Slices: { } resumed } pass)
        {
            // The slice pass of an earlier run: its slices, and the rows it counted in the window.
            differing = resumed;
            result.SourceRows = pass.SourceRows;
            result.TargetRows = pass.TargetRows;
        }
        else
        {
            await context.Limiter.WaitAsync(1, ct).ConfigureAwait(false);
            var number = SliceWindow.Number(slices.Column, slices.Since, slices.Slice);
            var sourceRead = ReadAsync(source, number, ct);
            var targetRead = ReadAsync(target, number, ct);
            var (sourceSlices, targetSlices) = (await sourceRead.ConfigureAwait(false), await targetRead.ConfigureAwait(false));
            differing = [.. sourceSlices.Keys.Union(targetSlices.Keys).Order()
                .Where(s => sourceSlices.GetValueOrDefault(s, ChunkFingerprint.Empty) != targetSlices.GetValueOrDefault(s, ChunkFingerprint.Empty))
                .Select(s => new SliceDifference(
                    slices.Since + slices.Slice * s,
                    Min(slices.Since + slices.Slice * (s + 1), slices.Until),
                    sourceSlices.GetValueOrDefault(s, ChunkFingerprint.Empty).Count,
                    targetSlices.GetValueOrDefault(s, ChunkFingerprint.Empty).Count))];
            result.SourceRows = sourceSlices.Values.Sum(static p => p.Count);
            result.TargetRows = targetSlices.Values.Sum(static p => p.Count);
            context.Journal.SlicesFound(plan.Name, result.SourceRows, result.TargetRows, differing);
        }

        result.Chunks = 1;
        context.Progress.Advanced(result.Table, Math.Max(result.SourceRows, result.TargetRows));
        result.Slices.AddRange(differing);
        foreach (var slice in differing)
        {
            // Rows of a differing slice are compared as their own unit; its row counts are the slice pass's, not added again.
            var unit = new TableResult { Table = result.Table, TargetTable = result.TargetTable, Key = result.Key };
            var slicePlan = plan.WithFilter(SliceWindow.Filter(slices.Column, slice.From, slice.Until, context.Options.Where));
            var name = string.Create(CultureInfo.InvariantCulture, $"{plan.Name}@{slice.From:yyyy-MM-ddTHH:mm:ss.ffffff}");
            await MySqlVerifier.RunUnitAsync(slicePlan, name, source, target, context with { Progress = SilentVerifyProgress.Instance }, unit, ct).ConfigureAwait(false);
            result.Differences.AddRange(unit.Differences);
            result.DroppedDifferences += unit.DroppedDifferences;
            result.DifferingChunks += unit.DifferingChunks;
        }
    }

    private async Task<Dictionary<long, ChunkFingerprint>> ReadAsync(VerifySession session, string number, CancellationToken ct)
    {
        var found = new Dictionary<long, ChunkFingerprint>();
        await session.ReadAsync(plan.SlicesSql(session == source, number),
            reader => found[long.Parse(FingerprintRow.Ascii(reader, 0)!, CultureInfo.InvariantCulture)] = FingerprintRow.Read(reader, 1), ct).ConfigureAwait(false);
        return found;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
