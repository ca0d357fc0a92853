using Tandem.Sandbox;

namespace Tandem.Bench;

/// <summary>The pairs of servers the replicate, verify and twoway benchmarks run against.</summary>
internal static class BenchServers
{
    private const long BufferPoolBytes = 1L << 30;

    /// <summary>
    /// A source with a binlog and a target without one, 1 GiB buffer pool each. The target has no binlog: neither Tandem
    /// nor a native replica needs one there, myloader skips it by default, and without it no contender pays for one the
    /// others skip.
    /// </summary>
    public static Task<(LocalMariaDb Source, LocalMariaDb Target)> StartPairAsync(SandboxDirectory sandbox, CancellationToken ct) =>
        StartTwoAsync(
            sandbox,
            new LocalMariaDbOptions { Name = "source", ServerId = 1, BufferPoolBytes = BufferPoolBytes },
            new LocalMariaDbOptions
            {
                Name = "target", ServerId = 2, BufferPoolBytes = BufferPoolBytes,
                ExtraSettings = new Dictionary<string, string> { ["skip-log-bin"] = "1", ["log_slave_updates"] = "OFF" },
            },
            ct);

    /// <summary>
    /// Two servers that both write a binlog (the sandbox's ROW format, FULL row images, GTIDs), 1 GiB buffer pool each,
    /// for replication both ways: server_id 1 and 2, each its own GTID domain (1 and 2), as MariaDB asks of servers
    /// that are each other's master (their GTIDs never compete for one domain's sequence numbers), and
    /// log_slave_updates OFF, so what a native replica applies is not logged again and cannot travel back. Tandem
    /// needs neither setting: its writes are ordinary sessions, logged as the server's own.
    /// </summary>
    public static Task<(LocalMariaDb A, LocalMariaDb B)> StartBinlogPairAsync(SandboxDirectory sandbox, CancellationToken ct) =>
        StartTwoAsync(sandbox, BinlogServer("a", 1), BinlogServer("b", 2), ct);

    private static LocalMariaDbOptions BinlogServer(string name, int id) => new()
    {
        Name = name, ServerId = id, BufferPoolBytes = BufferPoolBytes,
        ExtraSettings = new Dictionary<string, string>
        {
            ["gtid_domain_id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["log_slave_updates"] = "OFF",
        },
    };

    private static async Task<(LocalMariaDb, LocalMariaDb)> StartTwoAsync(SandboxDirectory sandbox, LocalMariaDbOptions first, LocalMariaDbOptions second, CancellationToken ct)
    {
        var one = await LocalMariaDb.StartAsync(sandbox, first, ct);
        try
        {
            return (one, await LocalMariaDb.StartAsync(sandbox, second, ct));
        }
        catch
        {
            await one.StopAsync(CancellationToken.None);
            throw;
        }
    }
}
