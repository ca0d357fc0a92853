using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Model;
using Tandem.Core.Replication;
using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Protocol;
using Tandem.MySql.Sink;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Sink;

/// <summary>
/// Apply throughput on a sysbench oltp_write_only-shaped backlog (per transaction: two updates, a delete and a re-insert
/// on random ids), for a few writer counts and batch sizes. Run by hand: TANDEM_SINK_BENCH=1 dotnet test ... --filter
/// SinkThroughput. The backlog is captured once into memory, so the figures are the sink's alone.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class SinkThroughputTests
{
    private const int TableRows = 100_000;

    private readonly MariaDbFixture _fixture;
    private readonly ITestOutputHelper _output;

    public SinkThroughputTests(MariaDbFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task SinkThroughput_on_a_write_only_backlog()
    {
        if (Environment.GetEnvironmentVariable("TANDEM_SINK_BENCH") != "1")
        {
            _output.WriteLine("set TANDEM_SINK_BENCH=1 to measure");
            return;
        }

        var transactionCount = int.Parse(Environment.GetEnvironmentVariable("TANDEM_SINK_BENCH_TX") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);
        var uri = _fixture.Server.Uri;
        var source = await _fixture.CreateDatabaseAsync("bench_src");
        await using var connection = await MySqlConnection.OpenAsync(uri);
        const string Columns = "(id INT NOT NULL PRIMARY KEY, k INT NOT NULL DEFAULT 0, c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '', KEY k_1 (k))";
        await connection.ExecuteAsync($"CREATE TABLE {source}.sbtest1 {Columns}");
        await connection.ExecuteAsync($"USE {source}");
        await connection.ExecuteAsync($"INSERT INTO sbtest1 SELECT seq, seq % 1000, REPEAT(CHAR(97 + seq % 26), 119), REPEAT('p', 59) FROM seq_1_to_{TableRows}");
        await connection.ExecuteAsync($"CREATE TABLE {source}.base LIKE {source}.sbtest1");
        await connection.ExecuteAsync($"INSERT INTO {source}.base SELECT * FROM {source}.sbtest1");
        var start = await CaptureRun.CurrentPositionAsync(uri);

        var generate = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            await using var writer = await MySqlConnection.OpenAsync(uri);
            for (var t = client; t < transactionCount; t += 4)
            {
                var id = random.Next(1, TableRows + 1);
                await writer.ExecuteAsync(
                    $"BEGIN; UPDATE {source}.sbtest1 SET k = k + 1 WHERE id = {random.Next(1, TableRows + 1)}; " +
                    $"UPDATE {source}.sbtest1 SET c = '{new string((char)('a' + random.Next(26)), 119)}' WHERE id = {random.Next(1, TableRows + 1)}; " +
                    $"DELETE FROM {source}.sbtest1 WHERE id = {id}; INSERT INTO {source}.sbtest1 VALUES ({id}, {random.Next(1000)}, 'c{t}', 'pad'); COMMIT");
            }
        })));
        _output.WriteLine($"generated {transactionCount} transactions in {generate.Elapsed.TotalSeconds:0.0} s");

        var backlog = await CaptureBacklogAsync(uri, source, start, transactionCount);
        var rows = backlog.Sum(static t => t.Changes.Count);
        _output.WriteLine($"captured {backlog.Count} transactions, {rows} row changes");

        foreach (var (writers, batchRows) in new[] { (1, 2000), (4, 500), (4, 2000), (4, 5000), (8, 2000), (8, 5000) })
        {
            foreach (var blocking in new[] { true, false })
            {
                var target = await _fixture.CreateDatabaseAsync("bench_dst");
                await connection.ExecuteAsync($"CREATE TABLE {target}.sbtest1 {Columns}");
                await connection.ExecuteAsync($"INSERT INTO {target}.sbtest1 SELECT * FROM {source}.base");
                var options = SinkRun.Options(uri, $"bench-{Guid.NewGuid():N}", source, target) with
                {
                    Writers = writers,
                    BatchRows = batchRows,
                    BlockingWriters = blocking,
                };
                var metrics = new ReplicationMetrics(options.Task);
                await using (var sink = await MySqlSink.OpenAsync(options, metrics, NullLogger.Instance, CancellationToken.None))
                {
                    var clock = Stopwatch.StartNew();
                    foreach (var transaction in backlog)
                        await sink.SubmitAsync(transaction, CancellationToken.None);
                    await sink.FlushAsync(CancellationToken.None);
                    clock.Stop();
                    _output.WriteLine($"writers {writers}, batch {batchRows}, {(blocking ? "blocking" : "async")} io: {rows / clock.Elapsed.TotalSeconds:0} rows/s, {backlog.Count / clock.Elapsed.TotalSeconds:0} tx/s ({clock.Elapsed.TotalSeconds:0.00} s)");
                }

                await SinkRun.AssertSameAsync(connection, $"{source}.sbtest1", $"{target}.sbtest1", "id");
                await connection.ExecuteAsync($"DROP DATABASE {target}");
            }
        }
    }

    /// <summary>Reads the backlog into memory-held transactions, so the timing excludes the capture.</summary>
    private static async Task<List<HeldTransaction>> CaptureBacklogAsync(string uri, string source, Tandem.MySql.Binlog.Dump.BinlogStart start, int count)
    {
        var held = new List<HeldTransaction>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var capture = new BinlogCapture(CaptureRun.Options(uri, source, start), NullLogger.Instance);
        await foreach (var transaction in capture.ReadAsync(includeEmpty: false, deadline.Token))
        {
            var changes = new List<Change>();
            await foreach (var change in transaction.ReadChangesAsync(deadline.Token))
                changes.Add(change);
            held.Add(new HeldTransaction(changes) { Position = transaction.Position, CommitTime = transaction.CommitTime, SizeBytes = transaction.SizeBytes });
            if (held.Count == count)
                break;
        }

        return held;
    }

    private sealed class HeldTransaction : Transaction
    {
        public HeldTransaction(List<Change> changes)
        {
            Changes = changes;
        }

        public List<Change> Changes { get; }

        public override async IAsyncEnumerable<Change> ReadChangesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
        {
            foreach (var change in Changes)
                yield return change;
            await Task.CompletedTask;
        }
    }
}
