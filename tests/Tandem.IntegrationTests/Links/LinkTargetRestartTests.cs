using System.Diagnostics;
using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Tandem.Sandbox;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Links;

/// <summary>
/// One server of a pair crashes (kill -9) under write load and comes back on the same port: the direction into it
/// waits for its target and resumes, the direction out of it reconnects its capture, and both sides end identical. The
/// crashing server is the test's own; the other is the fixture's a.
/// </summary>
[Collection(LinkServersCollection.Name)]
public sealed class LinkTargetRestartTests(LinkServersFixture servers, ITestOutputHelper output)
{
    private const int Tables = 2;
    private const int TableSize = 2_000;

    [Fact]
    public async Task ALinkSurvivesAKill9OfOneOfItsServersUnderLoad()
    {
        await using var directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await using var crashing = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "d", ServerId = 31 }, timeout.Token);
        var database = DatabaseNames.Unique("lrestart");
        await servers.A.ExecuteSqlAsync($"CREATE DATABASE {database}", CancellationToken.None);
        await SysbenchLoad.PrepareAsync(servers.A.Port, database, Tables, TableSize);
        var pair = new List<(string Name, string Uri)> { ("a", servers.A.Uri), ("d", crashing.Uri) };
        var link = database.Replace('_', '-');
        var file = LinkFiles.Write(link, pair, $"{database}.*", ["{from: a, to: d, mode: full+incremental, ddl: true}", "{from: d, to: a, mode: incremental}"]);
        using var tandem = TandemProcess.Run(file);
        using var stopLoad = new CancellationTokenSource();
        var load = Task.CompletedTask;
        try
        {
            await LinkWait.UntilQuietAsync(link, pair, [("a", "d"), ("d", "a")], tandem);
            load = SysbenchLoad.WriteUntilStoppedAsync(servers.A.Port, database, Tables, TableSize, rate: 150, stopLoad.Token);
            var before = StatusLines.AppliedTransactions(tandem.Output, $"{link}.a-d");
            Assert.True(await Eventually.TrueWithinAsync(() => StatusLines.AppliedTransactions(tandem.Output, $"{link}.a-d") > before + 100 || tandem.HasExited, TimeSpan.FromMinutes(2)), tandem.Output);

            await crashing.KillAsync();
            var down = Stopwatch.StartNew();
            Assert.True(
                await Eventually.TrueWithinAsync(() => tandem.Output.Contains($"waiting for target {crashing.Uri}", StringComparison.Ordinal) || tandem.HasExited, TimeSpan.FromSeconds(30)),
                tandem.Output);
            var rest = TimeSpan.FromSeconds(5) - down.Elapsed;
            if (rest > TimeSpan.Zero)
                await Task.Delay(rest);
            Assert.False(tandem.HasExited, tandem.Output);
            await crashing.StartAgainAsync(timeout.Token);

            Assert.True(await Eventually.TrueWithinAsync(() => tandem.Output.Contains($"target {crashing.Uri} answers again", StringComparison.Ordinal) || tandem.HasExited, TimeSpan.FromMinutes(2)), tandem.Output);
            Assert.True(StatusLines.SaidWaitingForTarget(tandem.Output, $"{link}.a-d"), tandem.Output);
            await stopLoad.CancelAsync();
            await load;
            await LinkWait.UntilQuietAsync(link, pair, [("a", "d"), ("d", "a")], tandem);

            // Both ways: what a wrote reached d, and a row written on d after its restart (once nothing is in flight towards
            // it, so the write is no conflict) reaches a.
            await LinkWait.ExecuteAsync(crashing.Uri, $"UPDATE {database}.sbtest1 SET c = 'written on d after its restart' WHERE id = 1");
            await LinkWait.UntilScalarAsync(servers.A.Uri, $"SELECT c FROM {database}.sbtest1 WHERE id = 1", "written on d after its restart", tandem, TimeSpan.FromMinutes(3));
            await LinkWait.UntilQuietAsync(link, pair, [("a", "d"), ("d", "a")], tandem);
            await TableComparison.AssertIdenticalAsync(servers.A.Uri, database, crashing.Uri, database);
            Assert.DoesNotContain("   at ", tandem.Output, StringComparison.Ordinal);
            Assert.Equal(0, await tandem.StopAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
            output.WriteLine(tandem.Output.Length > 30_000 ? tandem.Output[^30_000..] : tandem.Output);
        }
    }
}
