using System.Diagnostics;
using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Protocol;
using Tandem.Sandbox;

namespace Tandem.Bench;

/// <summary>
/// <c>profile-capture [raw|capture|both|serve] [seconds]</c>: only Tandem's side of the capture benchmark, on its own sandbox
/// with a 10 s oltp_write_only backlog, read again and again for as long as asked: a stopwatch breakdown (raw: the
/// dump session's events only; capture: the whole <c>BinlogCapture</c> with every value touched) and a process to
/// attach a profiler to (perf record -p PID with DOTNET_PerfMapEnabled=1); serve only keeps the server and its
/// backlog up and prints the <c>tandem tail</c> command that reads it.
/// </summary>
internal static class ProfileCapture
{
    public static async Task RunAsync(string mode, int seconds, CancellationToken ct)
    {
        var sandbox = SandboxDirectory.Create();
        await using (sandbox)
        {
            var server = await LocalMariaDb.StartAsync(sandbox, new LocalMariaDbOptions { Name = "bench", BufferPoolBytes = 1L << 30 }, ct);
            try
            {
                await server.ExecuteSqlAsync("CREATE DATABASE sbtest;", ct);
                await Sysbench.PrepareWriteOnlyAsync(server.Port, 4, 100_000, ct);
                var start = await BinlogPoint.CurrentAsync(server.Uri, ct);
                var transactions = await Sysbench.RunWriteOnlyAsync(server.Port, 4, 100_000, 4, 10, ct);
                var backlog = await CaptureBacklog.MeasureAsync(server.Uri, start, await BinlogPoint.CurrentAsync(server.Uri, ct), transactions, ct);
                Console.WriteLine($"pid {Environment.ProcessId}: {mode} for {seconds} s over {transactions:N0} transactions, {backlog.Bytes / 1e6:N1} MB");
                if (mode == "serve")
                {
                    var rows = (await TandemCaptureLoad.RunAsync(server.Uri, backlog, ct)).Rows;
                    Console.WriteLine($"serving for {seconds} s: {TandemTailLoad.Command(server.Uri, backlog, rows, Path.Combine(sandbox.Path, "history"))}");
                    await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
                    return;
                }

                var until = DateTime.UtcNow.AddSeconds(seconds);
                while (DateTime.UtcNow < until)
                {
                    if (mode is "raw" or "both")
                    {
                        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                        var (elapsed, events) = await ReadRawAsync(server.Uri, backlog, ct);
                        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                        Console.WriteLine($"raw events: {elapsed.TotalSeconds:0.000} s, {events:N0} events, {backlog.Bytes / 1e6 / elapsed.TotalSeconds:N1} MB/s, cpu {cpu.TotalSeconds:0.000} s");
                    }

                    if (mode is "both")
                    {
                        var stopwatch = Stopwatch.StartNew();
                        await using var connection = await MySqlConnection.OpenAsync(server.Uri, ct);
                        await connection.QueryScalarAsync($"SELECT BINLOG_GTID_POS('{backlog.Start.File}', {backlog.Start.Offset})", ct);
                        Console.WriteLine($"BINLOG_GTID_POS at the start: {stopwatch.Elapsed.TotalSeconds:0.000} s");
                    }

                    if (mode is "capture" or "both")
                    {
                        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                        var pass = await TandemCaptureLoad.RunAsync(server.Uri, backlog, ct);
                        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                        Console.WriteLine($"capture: {pass.Elapsed.TotalSeconds:0.000} s, {pass.Rows:N0} rows, {pass.Rows / pass.Elapsed.TotalSeconds:N0} rows/s, cpu {cpu.TotalSeconds:0.000} s");
                    }
                }
            }
            finally
            {
                await server.StopAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>The dump session alone: events framed, checksummed and decoded, nothing assembled or decoded into rows.</summary>
    private static async Task<(TimeSpan Elapsed, long Events)> ReadRawAsync(string uri, CaptureBacklog backlog, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        long events = 0;
        await using var session = await BinlogDumpSession.OpenAsync(
            MySqlConnectionOptions.Parse(uri), new BinlogStart.FilePosition(backlog.Start.File, backlog.Start.Offset), new BinlogDumpOptions(), ct);
        while (await session.ReadAsync(ct) is not null)
        {
            events++;
            if (new BinlogPoint(session.Decoder.File, session.Decoder.NextOffset).CompareTo(backlog.End) >= 0)
                break;
        }

        return (stopwatch.Elapsed, events);
    }
}
