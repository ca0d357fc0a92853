using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Filtering;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Protocol;

namespace Tandem.Bench;

/// <summary>What one pass of Tandem's capture over the backlog saw.</summary>
internal sealed record CapturePass(TimeSpan Elapsed, long Transactions, long Rows, long Checksum);

/// <summary>
/// Tandem in-process: <see cref="BinlogCapture"/> from the backlog's start, every change enumerated and every value
/// touched, until its position reaches the backlog's end.
/// </summary>
internal static class TandemCaptureLoad
{
    public static async Task<CapturePass> RunAsync(string uri, CaptureBacklog backlog, CancellationToken ct)
    {
        var options = new BinlogCaptureOptions
        {
            Source = MySqlConnectionOptions.Parse(uri),
            Start = new BinlogStart.FilePosition(backlog.Start.File, backlog.Start.Offset),
            Tables = TableFilter.Parse(["sbtest.*"]),
        };

        var stopwatch = Stopwatch.StartNew();
        var capture = new BinlogCapture(options, NullLogger.Instance);
        long transactions = 0;
        long rows = 0;
        long checksum = 0;
        await foreach (var transaction in capture.ReadAsync(includeEmpty: true, ct))
        {
            transactions++;
            await foreach (var change in transaction.ReadChangesAsync(ct))
            {
                if (change is not RowChange row)
                    continue;
                rows++;
                checksum += Touch(row.Before) + Touch(row.After);
            }

            // Leaving the loop disposes the capture's enumerator, which closes the dump connection.
            if (capture.Position is { } at && new BinlogPoint(at.File, at.Offset).CompareTo(backlog.End) >= 0)
                break;
        }

        stopwatch.Stop();
        if (rows == 0 || checksum == 0)
            throw new InvalidOperationException($"the capture read {transactions} transactions but no rows");
        return new CapturePass(stopwatch.Elapsed, transactions, rows, checksum);
    }

    private static long Touch(object?[]? values)
    {
        if (values is null)
            return 0;
        long sum = 0;
        foreach (var value in values)
        {
            sum += value switch
            {
                null => 1,
                int i => i,
                long l => l,
                string s => s.Length,
                byte[] b => b.Length,
                _ => value.GetType().GetHashCode() & 0xFF,
            };
        }

        return sum;
    }
}
