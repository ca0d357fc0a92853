using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Filtering;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema.History;

namespace Tandem.IntegrationTests.Capture;

/// <summary>One change as a test sees it: the transaction's position and GTID, and the change itself.</summary>
internal sealed record CapturedChange(string Position, string? Gtid, Change Change)
{
    public RowChange Row => (RowChange)Change;

    public DdlChange Ddl => (DdlChange)Change;

    public override string ToString() => $"{Position} {Gtid} {ValueText.Describe(Change)}";
}

/// <summary>Runs a capture until it has seen enough changes, with a deadline instead of sleeps.</summary>
internal static class CaptureRun
{
    public static async Task<BinlogStart.FilePosition> CurrentPositionAsync(string uri)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await using var reader = await connection.QueryAsync("SHOW MASTER STATUS");
        Assert.True(await reader.ReadAsync());
        return new BinlogStart.FilePosition(reader.GetString(0)!, Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    public static BinlogCaptureOptions Options(string uri, string database, BinlogStart? start, ISchemaHistoryStore? history = null, long memoryBudget = 64L << 20) => new()
    {
        Source = MySqlConnectionOptions.Parse(uri),
        Start = start,
        Tables = TableFilter.Parse([$"{database}.*"]),
        SchemaHistory = history,
        MemoryBudgetBytes = memoryBudget,
        Dump = new BinlogDumpOptions { ServerId = (uint)Random.Shared.Next(1000, int.MaxValue), HeartbeatPeriod = TimeSpan.FromMilliseconds(500) },
        ReconnectFor = TimeSpan.FromSeconds(20),
    };

    /// <summary>
    /// Records the schema at <paramref name="start"/> in a history, as a capture started then would have: later runs
    /// from that position decode with it even after DDL has changed the tables on the server.
    /// </summary>
    public static async Task InitializeHistoryAsync(string uri, string database, BinlogStart.FilePosition start, string historyDirectory)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var capture = new BinlogCapture(Options(uri, database, start, new FileSchemaHistoryStore(historyDirectory)), NullLogger.Instance);
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in capture.ReadAsync(false, stop.Token))
            {
            }
        });
        var snapshot = Path.Combine(historyDirectory, FileSchemaHistoryStore.SnapshotFileName);
        var ready = await Fixtures.Eventually.TrueWithinAsync(() => File.Exists(snapshot) || reading.IsCompleted, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        try
        {
            await reading;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        Assert.True(ready && File.Exists(snapshot), "the capture did not record the schema at its start");
    }

    /// <summary>Collects changes until <paramref name="count"/> have arrived; fails the test after the timeout.</summary>
    public static async Task<List<CapturedChange>> CollectAsync(BinlogCaptureOptions options, int count, TimeSpan? timeout = null)
    {
        var changes = new List<CapturedChange>();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var capture = new BinlogCapture(options, NullLogger.Instance);
        try
        {
            await foreach (var transaction in capture.ReadAsync(false, deadline.Token))
            {
                await foreach (var change in transaction.ReadChangesAsync(deadline.Token))
                {
                    changes.Add(new CapturedChange(transaction.Position.ToString()!, transaction.Gtid, change));
                    if (changes.Count >= count)
                        return changes;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"captured {changes.Count} of {count} changes before the deadline:\n{string.Join('\n', changes)}");
        }

        Assert.Fail($"the stream ended after {changes.Count} of {count} changes");
        return changes;
    }
}
