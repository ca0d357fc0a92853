using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Tandem.MySql.Protocol;
using Tandem.Sandbox;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Capture;

/// <summary>
/// A 1 GiB transaction (1024 rows of 1 MiB in one INSERT ... SELECT) tailed by the tandem executable with a 32 MiB
/// memory budget: every row arrives, and the process's peak resident set stays far below the transaction's size.
/// A dedicated server, so its gigabytes of binlog do not slow the shared one.
/// </summary>
public sealed partial class LargeTransactionTests
{
    private const int Rows = 1024;
    private const long PeakLimitBytes = 256L << 20;

    private readonly ITestOutputHelper _output;

    public LargeTransactionTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task A_one_gigabyte_transaction_streams_through_with_bounded_memory()
    {
        await using var directory = SandboxDirectory.Create();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var server = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "large", BufferPoolBytes = 128L << 20 }, startup.Token);
        await using var connection = await MySqlConnection.OpenAsync(server.Uri);
        await connection.ExecuteAsync("CREATE DATABASE big");
        await connection.ExecuteAsync("CREATE TABLE big.t (id INT PRIMARY KEY, b LONGBLOB)");
        var start = await CaptureRun.CurrentPositionAsync(server.Uri);
        var insert = Stopwatch.StartNew();
        await connection.ExecuteAsync("USE big");
        await connection.ExecuteAsync($"INSERT INTO big.t SELECT seq, REPEAT(CHAR(65 + seq % 26), 1048576) FROM seq_1_to_{Rows}");
        _output.WriteLine($"inserted 1 GiB in one transaction in {insert.Elapsed.TotalSeconds:0.0} s");

        var tandem = Path.Combine(AppContext.BaseDirectory, "tandem.dll");
        var history = Path.Combine(directory.Path, "history");
        var lines = Path.Combine(directory.Path, "lines");
        var command = $"exec dotnet '{tandem}' tail '{server.Uri}' --from-file '{start.File}' --from-pos {start.Offset} --tables 'big.*' --max-events {Rows} --format text --memory-budget 32MiB --schema-history '{history}' --spill-dir '{directory.Path}' | cut -c1-60 > '{lines}'";
        var info = new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardError = true };
        info.Environment["TANDEM_REPORT_PEAK_RSS"] = "1";
        var tail = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        var report = await stderr;
        _output.WriteLine(report);
        _output.WriteLine($"tailed in {tail.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(0, process.ExitCode);
        var printed = await File.ReadAllLinesAsync(lines);
        Assert.Equal(Rows, printed.Length);
        Assert.All(printed, static line => Assert.Contains("insert big.t (id=", line, StringComparison.Ordinal));
        var peak = PeakRss().Match(report);
        Assert.True(peak.Success, $"no peak RSS in: {report}");
        var peakBytes = (long)(double.Parse(peak.Groups[1].Value, CultureInfo.InvariantCulture) * 1024 * 1024);
        _output.WriteLine($"peak RSS of tandem tail over a 1 GiB transaction: {peakBytes / (1024 * 1024)} MiB (limit {PeakLimitBytes / (1024 * 1024)} MiB)");
        Assert.True(peakBytes < PeakLimitBytes, $"peak RSS {peakBytes / (1024 * 1024)} MiB is not bounded");
        Assert.Empty(Directory.GetFiles(directory.Path, "*.spill", SearchOption.AllDirectories));
    }

    [GeneratedRegex(@"peak RSS ([0-9.]+) MiB")]
    private static partial Regex PeakRss();
}
