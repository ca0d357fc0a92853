using Tandem.Sandbox;

namespace Tandem.Bench;

/// <summary>The source and target servers the replicate and verify benchmarks run against.</summary>
internal static class BenchServers
{
    /// <summary>
    /// A source with a binlog and a target without one, 1 GiB buffer pool each. The target has no binlog: neither Tandem
    /// nor a native replica needs one there, myloader skips it by default, and without it no contender pays for one the
    /// others skip.
    /// </summary>
    public static async Task<(LocalMariaDb Source, LocalMariaDb Target)> StartPairAsync(SandboxDirectory sandbox, CancellationToken ct)
    {
        var source = await LocalMariaDb.StartAsync(sandbox, new LocalMariaDbOptions { Name = "source", ServerId = 1, BufferPoolBytes = 1L << 30 }, ct);
        try
        {
            var target = await LocalMariaDb.StartAsync(
                sandbox,
                new LocalMariaDbOptions
                {
                    Name = "target", ServerId = 2, BufferPoolBytes = 1L << 30,
                    ExtraSettings = new Dictionary<string, string> { ["skip-log-bin"] = "1", ["log_slave_updates"] = "OFF" },
                },
                ct);
            return (source, target);
        }
        catch
        {
            await source.StopAsync(CancellationToken.None);
            throw;
        }
    }
}
