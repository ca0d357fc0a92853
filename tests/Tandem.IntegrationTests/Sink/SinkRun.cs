using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Replication;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema.History;
using Tandem.MySql.Sink;

namespace Tandem.IntegrationTests.Sink;

/// <summary>
/// A capture of one source database fed into a <see cref="MySqlSink"/> that routes it into a target database on the
/// same server, pumping in the background until disposed.
/// </summary>
internal sealed class SinkRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly BinlogCapture _capture;
    private readonly Task _pump;

    private SinkRun(BinlogCapture capture, MySqlSink sink, ReplicationMetrics metrics)
    {
        _capture = capture;
        Sink = sink;
        Metrics = metrics;
        _pump = Task.Run(PumpAsync);
    }

    public MySqlSink Sink { get; }

    public ReplicationMetrics Metrics { get; }

    /// <summary>The pump's failure, once it stopped with one.</summary>
    public Exception? Failure { get; private set; }

    public static MySqlSinkOptions Options(string uri, string task, string source, string target) => new()
    {
        Target = MySqlConnectionOptions.Parse(uri),
        Task = task,
        Router = new TableRouter([new TableRoute($"{source}.*", target, null)]),
    };

    public static async Task<SinkRun> StartAsync(string uri, string source, BinlogStart start, string historyDirectory, MySqlSinkOptions options, long captureBudget = 64L << 20)
    {
        var metrics = new ReplicationMetrics(options.Task);
        var logger = Environment.GetEnvironmentVariable("TANDEM_TEST_LOG") is { Length: > 0 } path
            ? new FileLogger(path)
            : (ILogger)NullLogger.Instance;
        var sink = await MySqlSink.OpenAsync(options, metrics, logger, CancellationToken.None);
        var capture = new BinlogCapture(CaptureRun.Options(uri, source, start, new FileSchemaHistoryStore(historyDirectory), captureBudget), logger);
        return new SinkRun(capture, sink, metrics);
    }

    /// <summary>Waits until the capture has read past the source's current end and the sink has committed it all.</summary>
    public async Task CatchUpAsync(string uri, TimeSpan? timeout = null)
    {
        var end = await CaptureRun.CurrentPositionAsync(uri);
        var reached = await Fixtures.Eventually.TrueWithinAsync(
            () => Failure is not null || (_capture.Position is { } p && string.CompareOrdinal(p.File, end.File) >= 0 && (p.File != end.File || p.Offset >= end.Offset)),
            timeout ?? TimeSpan.FromSeconds(120));
        if (Failure is not null)
            throw new InvalidOperationException($"the pump failed: {Failure.Message}", Failure);
        Assert.True(reached, $"the capture did not reach {end.File}:{end.Offset} (at {_capture.Position})");
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        await Sink.FlushAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }

        await Sink.DisposeAsync();
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var transaction in _capture.ReadAsync(includeEmpty: true, _stop.Token))
                await Sink.SubmitAsync(transaction, _stop.Token);
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            Failure = ex;
        }
    }

    /// <summary>Every row of a table in key order, as text, for comparing source and target.</summary>
    public static async Task<List<string>> RowsAsync(MySqlConnection connection, string table, string orderBy)
    {
        var rows = new List<string>();
        await using var reader = await connection.QueryAsync($"SELECT * FROM {table} ORDER BY {orderBy}");
        while (await reader.ReadAsync())
        {
            var line = new StringBuilder();
            for (var i = 0; i < reader.FieldCount; i++)
                line.Append(reader.GetValue(i) switch
                {
                    null => "NULL",
                    byte[] bytes => Convert.ToHexString(bytes),
                    var value => Convert.ToString(value, CultureInfo.InvariantCulture),
                }).Append('|');
            rows.Add(line.ToString());
        }

        return rows;
    }

    /// <summary>Asserts that the target table holds exactly the source table's rows.</summary>
    public static async Task AssertSameAsync(MySqlConnection connection, string source, string target, string orderBy)
    {
        var expected = await RowsAsync(connection, source, orderBy);
        var actual = await RowsAsync(connection, target, orderBy);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual);
        Assert.Equal(await TableComparison.ChecksumAsync(connection, source), await TableComparison.ChecksumAsync(connection, target));
    }

    /// <summary>Appends log lines to a file, for debugging a run by hand (TANDEM_TEST_LOG=/path).</summary>
    private sealed class FileLogger(string path) : ILogger
    {
        private readonly object _lock = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lock)
                File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)}\n");
        }
    }
}
