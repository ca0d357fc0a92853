namespace Tandem.Bench;

/// <summary>
/// The binlog every reader reads: from <see cref="Start"/> (after sysbench's prepare) to <see cref="End"/> (after its
/// run), spanning <see cref="Files"/> and <see cref="Bytes"/> bytes of binlog.
/// </summary>
internal sealed record CaptureBacklog(BinlogPoint Start, BinlogPoint End, IReadOnlyList<string> Files, long Bytes, long Transactions)
{
    public static async Task<CaptureBacklog> MeasureAsync(string uri, BinlogPoint start, BinlogPoint end, long transactions, CancellationToken ct)
    {
        var all = await BinlogPoint.FilesAsync(uri, ct);
        var spanned = all.Where(f => string.CompareOrdinal(f.File, start.File) >= 0 && string.CompareOrdinal(f.File, end.File) <= 0).ToList();
        if (spanned.Count == 0 || spanned[0].File != start.File || spanned[^1].File != end.File)
            throw new InvalidOperationException($"SHOW BINARY LOGS does not list the files from {start} to {end}");

        // Whole files in between, the tail of the first and the head of the last.
        long bytes = 0;
        foreach (var (file, size) in spanned)
        {
            var from = file == start.File ? start.Offset : 0;
            var to = file == end.File ? end.Offset : size;
            bytes += to - from;
        }

        return new CaptureBacklog(start, end, spanned.Select(f => f.File).ToList(), bytes, transactions);
    }
}
