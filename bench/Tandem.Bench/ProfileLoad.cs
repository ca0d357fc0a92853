using Tandem.Sandbox;

namespace Tandem.Bench;

/// <summary>
/// <c>profile-load [prepared|text|prepared-blocking|text-blocking|stream] [seconds]</c>: only Tandem's side of the client benchmark, on its
/// own sandbox, long enough to attach a profiler (perf record -p PID with DOTNET_PerfMapEnabled=1).
/// </summary>
internal static class ProfileLoad
{
    public static async Task RunAsync(string mode, int seconds, CancellationToken ct)
    {
        const int tableSize = 100_000;
        var sandbox = SandboxDirectory.Create();
        await using (sandbox)
        {
            var server = await LocalMariaDb.StartAsync(sandbox, new LocalMariaDbOptions { Name = "bench", BufferPoolBytes = 1L << 30 }, ct);
            try
            {
                await server.ExecuteSqlAsync("CREATE DATABASE sbtest;", ct);
                await Sysbench.PrepareAsync(server.Port, tableSize, ct);
                if (mode == "stream")
                    await server.ExecuteSqlAsync(StreamingLoad.CreateTableSql(1_000_000), ct);
                Console.WriteLine($"pid {Environment.ProcessId}: {mode} load for {seconds} s");
                var until = DateTime.UtcNow.AddSeconds(seconds);
                while (DateTime.UtcNow < until)
                {
                    if (mode == "stream")
                    {
                        var elapsed = await StreamingLoad.RunTandemAsync(server.Uri, 1_000_000, StreamingMode.DecodeValues, ct);
                        Console.WriteLine($"{elapsed.TotalSeconds:0.000} s");
                    }
                    else
                    {
                        var qps = await PointSelectLoad.RunAsync(
                            server.Uri + "/sbtest", 8, tableSize, TimeSpan.FromSeconds(5), mode.StartsWith("prepared", StringComparison.Ordinal), ct, blocking: mode.EndsWith("-blocking", StringComparison.Ordinal));
                        Console.WriteLine($"{qps:N0} queries/s");
                    }
                }
            }
            finally
            {
                await server.StopAsync(CancellationToken.None);
            }
        }
    }
}
