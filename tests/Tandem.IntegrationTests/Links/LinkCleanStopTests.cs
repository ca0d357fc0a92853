using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Links;

/// <summary>
/// SIGTERM to a link under write load is a clean stop: `tandem run` exits 0 with no connection error, though the stop
/// cuts the writers' statements and heartbeats in flight (heartbeats every 100 ms, so a stop often lands on one), and the
/// next run resumes and ends with both sides identical. Each round of the test stops the link again.
/// </summary>
[Collection(LinkServersCollection.Name)]
public sealed class LinkCleanStopTests(LinkServersFixture servers, ITestOutputHelper output)
{
    private const int Tables = 2;
    private const int TableSize = 2_000;
    private const int Rounds = 3;

    [Fact]
    public async Task A_link_stopped_under_write_load_exits_0_and_the_next_run_converges()
    {
        var database = DatabaseNames.Unique("lstop");
        await servers.A.ExecuteSqlAsync($"CREATE DATABASE {database}", CancellationToken.None);
        await SysbenchLoad.PrepareAsync(servers.A.Port, database, Tables, TableSize);
        var pair = new List<(string Name, string Uri)> { ("a", servers.A.Uri), ("b", servers.B.Uri) };
        var link = database.Replace('_', '-');
        var file = LinkFiles.Write(
            link, pair, $"{database}.*",
            ["{from: a, to: b, mode: full+incremental, ddl: true}", "{from: b, to: a, mode: incremental}"],
            "heartbeat_interval: 100ms");

        using var stopLoad = new CancellationTokenSource();
        var load = Task.CompletedTask;
        try
        {
            for (var round = 1; round <= Rounds; round++)
            {
                using var tandem = TandemProcess.Run(file);
                try
                {
                    if (round == 1)
                    {
                        await LinkWait.UntilQuietAsync(link, pair, [("a", "b"), ("b", "a")], tandem);
                        load = SysbenchLoad.WriteUntilStoppedAsync(servers.A.Port, database, Tables, TableSize, rate: 150, stopLoad.Token);
                    }

                    // Applying under load for a few seconds (past any backlog of the last stop) when the stop comes: the writers
                    // and the heartbeats have statements in flight.
                    Assert.True(
                        await Eventually.TrueWithinAsync(() => StatusLines.AppliedTransactions(tandem.Output, $"{link}.a-b") > 500 || tandem.HasExited, TimeSpan.FromMinutes(2)),
                        tandem.Output);
                    Assert.False(tandem.HasExited, tandem.Output);
                    var exit = await tandem.StopAsync(TimeSpan.FromMinutes(1));
                    Assert.True(exit == 0, $"round {round} exited {exit}\n{tandem.Output}");
                    Assert.DoesNotContain("lost the connection", tandem.Output, StringComparison.Ordinal);
                    Assert.DoesNotContain("tandem: ", tandem.Output, StringComparison.Ordinal);
                    Assert.DoesNotContain("   at ", tandem.Output, StringComparison.Ordinal);
                    Assert.Contains($"{link}.a-b: ", tandem.Output, StringComparison.Ordinal);
                    Assert.Contains($"{link}.b-a: ", tandem.Output, StringComparison.Ordinal);
                }
                finally
                {
                    output.WriteLine($"--- round {round}");
                    output.WriteLine(tandem.Output.Length > 10_000 ? tandem.Output[^10_000..] : tandem.Output);
                }
            }

            await stopLoad.CancelAsync();
            await load;
            using var last = TandemProcess.Run(file);
            try
            {
                await LinkWait.UntilQuietAsync(link, pair, [("a", "b"), ("b", "a")], last);
                await TableComparison.AssertIdenticalAsync(servers.A.Uri, database, servers.B.Uri, database);
                Assert.Equal(0, await last.StopAsync(TimeSpan.FromMinutes(1)));
            }
            finally
            {
                output.WriteLine("--- after the load");
                output.WriteLine(last.Output.Length > 10_000 ? last.Output[^10_000..] : last.Output);
            }
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
        }
    }
}
