using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Links;

/// <summary>
/// Active-active under load: every server takes sysbench writes at once, each on its own database (disjoint keys), while
/// the link replicates every way (two minutes for a pair, one for the mesh; ten each with TANDEM_SOAK=1). Both (all three) sides end identical by CHECKSUM TABLE, and once the writes stop the
/// binlogs grow by heartbeats only: nothing loops.
/// </summary>
[Collection(LinkServersCollection.Name)]
public sealed class TwoWayLoadTests
{
    private const int Tables = 2;
    private const int TableSize = 2_000;

    private static readonly bool Soak = Environment.GetEnvironmentVariable("TANDEM_SOAK") == "1";

    private readonly LinkServersFixture _servers;
    private readonly ITestOutputHelper _output;

    public TwoWayLoadTests(LinkServersFixture servers, ITestOutputHelper output)
    {
        _servers = servers;
        _output = output;
    }

    [Fact]
    public async Task TwoServersWritingAtOnceEndIdenticalAndNeverLoop()
    {
        var servers = new List<(string Name, string Uri)> { ("a", _servers.A.Uri), ("b", _servers.B.Uri) };
        await RunAsync("pair", servers, [("a", "b")], [("b", "a")], Soak ? 600 : 120);
    }

    [Fact]
    public async Task ThreeServerMeshWritingAtOnceEndsIdenticalAndNeverLoops()
    {
        var servers = new List<(string Name, string Uri)> { ("a", _servers.A.Uri), ("b", _servers.B.Uri), ("c", _servers.C.Uri) };
        await RunAsync("mesh", servers, [("a", "b"), ("a", "c")], [("b", "a"), ("b", "c"), ("c", "a"), ("c", "b")], Soak ? 600 : 60);
    }

    /// <param name="copies">Directions from a with a full copy and DDL (a holds every database at the start).</param>
    /// <param name="streams">Incremental directions.</param>
    /// <param name="loadSeconds">How long sysbench writes on every server at once.</param>
    private async Task RunAsync(string prefix, List<(string Name, string Uri)> servers, List<(string From, string To)> copies, List<(string From, string To)> streams, int loadSeconds)
    {
        // One database per server, all prepared on a; the link's full copies carry them to the others.
        var stem = DatabaseNames.Unique(prefix);
        var databases = servers.ToDictionary(s => s.Name, s => $"{stem}_{s.Name}");
        var port = (string uri) => int.Parse(uri[(uri.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var database in databases.Values)
        {
            await _servers.A.ExecuteSqlAsync($"CREATE DATABASE {database}", CancellationToken.None);
            await SysbenchLoad.PrepareAsync(port(_servers.A.Uri), database, Tables, TableSize);
        }

        var link = stem.Replace('_', '-');
        var file = LinkFiles.Write(
            link, servers, $"{stem}_*.*",
            [.. copies.Select(static d => $"{{from: {d.From}, to: {d.To}, mode: full+incremental, ddl: true}}"), .. streams.Select(static d => $"{{from: {d.From}, to: {d.To}, mode: incremental}}")]);
        using var tandem = TandemProcess.Run(file);
        var all = copies.Concat(streams).ToList();
        try
        {
            // The copies finish and every direction streams (its checkpoint reaches its source's end) before the load.
            await LinkWait.UntilQuietAsync(link, servers, all, tandem);

            var loads = servers.Select(s => SysbenchLoad.WriteAsync(port(s.Uri), databases[s.Name], Tables, TableSize, loadSeconds, threads: 2)).ToList();
            await Task.WhenAll(loads);
            await LinkWait.UntilQuietAsync(link, servers, all, tandem);

            foreach (var database in databases.Values)
            {
                foreach (var (name, uri) in servers.Skip(1))
                    await TableComparison.AssertIdenticalAsync(servers[0].Uri, database, uri, database);
            }

            // No loop: with the writes stopped, what the binlogs gain is heartbeats (each server's own, and the others'
            // applied with their mark and checkpoint): Tandem's tables only, about one commit per server per second each.
            var ends = new List<(string File, long Offset)>();
            foreach (var (_, uri) in servers)
                ends.Add(await BinlogGrowth.EndAsync(uri));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(5));
            var seconds = watch.Elapsed.TotalSeconds;
            for (var i = 0; i < servers.Count; i++)
            {
                var (tables, commits) = await BinlogGrowth.SinceAsync(servers[i].Uri, ends[i]);
                _output.WriteLine($"{servers[i].Name}: {commits} commits in {seconds:F1}s touching {string.Join(", ", tables)}");
                Assert.All(tables, table => Assert.StartsWith("tandem_meta.", table, StringComparison.Ordinal));
                Assert.InRange(commits, 1, (int)Math.Ceiling((seconds + 2) * servers.Count * 1.5));
            }

            Assert.False(tandem.HasExited, tandem.Output);
            Assert.Equal(0, await tandem.StopAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("heartbeat lag over", tandem.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("conflict on", tandem.Output, StringComparison.Ordinal);
        }
        finally
        {
            _output.WriteLine(tandem.Output.Length > 20_000 ? tandem.Output[^20_000..] : tandem.Output);
        }
    }
}
