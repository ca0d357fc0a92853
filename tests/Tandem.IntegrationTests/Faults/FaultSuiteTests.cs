using System.Diagnostics;
using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Faults;

/// <summary>
/// The fault suite: under a steady write load on the source, `tandem run` (the executable, as a user runs it) meets one
/// fault per test, each on servers of its own: the target or the source killed with kill -9 and started again, the
/// network to both cut for 30 s and frozen for 30 s, a spill directory that fills up, and a 64 MiB row. Each ends with
/// the target identical to the source by CHECKSUM TABLE and row counts; the status lines a user saw during the fault
/// and every exit code are written to the test output. Runs with TANDEM_FAULTS=1 (or TANDEM_SOAK=1).
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RestartAfter = TimeSpan.FromSeconds(15);

    [FaultFact]
    public async Task The_target_killed_and_started_again_under_load_is_waited_for_and_the_task_converges()
    {
        await using var bench = await FaultBench.StartAsync(output);
        await using var load = bench.StartLoad();
        using var tandem = TandemProcess.Run(bench.WriteTask(bench.Source.Uri, bench.Target.Uri));
        await WithOutputOnFailureAsync(tandem, async () =>
        {
            await bench.UntilAppliedMoreAsync(tandem, 300);
            var seen = await OutageAsync(bench, tandem, $"the target killed (kill -9) and started again {RestartAfter.TotalSeconds} s later", RestartAfter,
                bench.Target.KillAsync, () => bench.Target.StartAgainAsync(CancellationToken.None));
            Assert.Contains($"waiting for target {bench.Target.Uri}", seen, StringComparison.Ordinal);
            await ConvergeAsync(bench, load, tandem);
        });
    }

    [FaultFact]
    public async Task The_source_killed_and_started_again_under_load_is_waited_for_and_the_task_converges()
    {
        await using var bench = await FaultBench.StartAsync(output);
        await using var load = bench.StartLoad();
        using var tandem = TandemProcess.Run(bench.WriteTask(bench.Source.Uri, bench.Target.Uri));
        await WithOutputOnFailureAsync(tandem, async () =>
        {
            await bench.UntilAppliedMoreAsync(tandem, 300);
            var seen = await OutageAsync(bench, tandem, $"the source killed (kill -9) and started again {RestartAfter.TotalSeconds} s later", RestartAfter,
                bench.Source.KillAsync, () => bench.Source.StartAgainAsync(CancellationToken.None));
            Assert.Contains($"cannot reach {bench.Source.Uri} to resume at ", seen, StringComparison.Ordinal);
            AssertOutOfContactShown(seen, "unreachable");
            await ConvergeAsync(bench, load, tandem);
        });
    }

    [FaultFact]
    public async Task The_network_to_both_servers_cut_for_30_s_under_load_is_ridden_out_and_the_task_converges()
    {
        var (seen, target) = await NetworkOutageAsync("every connection to the source and the target reset, and new ones refused, for 30 s", static proxy => proxy.Cut);
        AssertOutOfContactShown(seen, "unreachable");
        Assert.Contains($"waiting for target {target}", seen, StringComparison.Ordinal);
    }

    [FaultFact]
    public async Task The_network_to_both_servers_frozen_for_30_s_under_load_is_ridden_out_and_the_task_converges()
    {
        var (seen, _) = await NetworkOutageAsync("no byte passing to or from the source and the target, connections left open, for 30 s", static proxy => proxy.Freeze);
        AssertOutOfContactShown(seen, "stalled");
    }

    /// <summary>
    /// Runs the task through a proxy to each server, applies <paramref name="fault"/> to both for 30 s and converges;
    /// returns what tandem printed during the outage and the target's URI as the task saw it.
    /// </summary>
    private async Task<(string Seen, string TargetUri)> NetworkOutageAsync(string what, Func<LoopbackProxy, Action> fault)
    {
        await using var bench = await FaultBench.StartAsync(output);
        await using var toSource = new LoopbackProxy(bench.Source.Port);
        await using var toTarget = new LoopbackProxy(bench.Target.Port);
        await using var load = bench.StartLoad();
        using var tandem = TandemProcess.Run(bench.WriteTask(toSource.Uri, toTarget.Uri));
        var seen = string.Empty;
        await WithOutputOnFailureAsync(tandem, async () =>
        {
            await bench.UntilAppliedMoreAsync(tandem, 300);
            seen = await OutageAsync(bench, tandem, what, Outage,
                () => Both(fault(toSource), fault(toTarget)), () => Both(toSource.Restore, toTarget.Restore));
            await ConvergeAsync(bench, load, tandem);
        });
        return (seen, toTarget.Uri);
    }

    [FaultFact(NeedsRoot = true)]
    public async Task A_spill_directory_that_fills_up_under_load_stops_the_task_with_exit_1_and_a_restart_with_room_converges()
    {
        await using var bench = await FaultBench.StartAsync(output);
        await bench.Source.ExecuteSqlAsync($"CREATE TABLE {FaultBench.Database}.wide (id INT PRIMARY KEY, b TEXT NOT NULL)", CancellationToken.None);
        await using var load = bench.StartLoad();
        var small = Path.Combine(bench.DirectoryPath, "small-spill");
        using (var first = TandemProcess.RunWithSmallFilesystem(bench.WriteTask(bench.Source.Uri, bench.Target.Uri, small, "memory_budget: 16MiB"), small, "1m"))
        {
            await WithOutputOnFailureAsync(first, async () =>
            {
                await bench.UntilAppliedMoreAsync(first, 300);
                var from = first.Output.Length;
                // About 40 MB of row events in one transaction: more than the capture's 16 MiB in memory, and more than
                // the 1 MiB filesystem holds.
                await bench.Source.ExecuteSqlAsync(
                    $"USE {FaultBench.Database}; INSERT INTO wide SELECT seq, REPEAT(CHAR(97 + seq % 26), 1000) FROM seq_1_to_40000", CancellationToken.None);
                using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
                await first.WaitForExitAsync().WaitAsync(deadline.Token);
                bench.RecordSeen("a 40 MB transaction into a spill directory on a 1 MiB filesystem", first, from);
                bench.RecordExit(first.ExitCode);
                Assert.Equal(1, first.ExitCode);
                Assert.Contains($"the spill directory {small} is full", first.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", first.Output, StringComparison.Ordinal);
            });
        }

        // The user gives the spill directory room (here: the default one of the bench) and starts the task again.
        using var second = TandemProcess.Run(bench.WriteTask(bench.Source.Uri, bench.Target.Uri, extra: "memory_budget: 16MiB"));
        await WithOutputOnFailureAsync(second, async () =>
        {
            await bench.UntilAppliedMoreAsync(second, 300);
            await ConvergeAsync(bench, load, second);
        });
    }

    [FaultFact]
    public async Task A_64_MiB_row_copied_inserted_and_updated_under_load_reaches_a_target_with_a_96_MiB_packet_limit()
    {
        await using var bench = await FaultBench.StartAsync(output, new Dictionary<string, string> { ["max_allowed_packet"] = "96M" });
        await bench.Source.ExecuteSqlAsync(
            $"CREATE TABLE {FaultBench.Database}.big (id INT PRIMARY KEY, note VARCHAR(20) NOT NULL, b LONGBLOB NOT NULL); " +
            $"INSERT INTO {FaultBench.Database}.big VALUES (1, 'copied', REPEAT(X'00FF275C', 16 * 1024 * 1024))",
            CancellationToken.None);
        await using var load = bench.StartLoad();
        using var tandem = TandemProcess.Run(bench.WriteTask(bench.Source.Uri, bench.Target.Uri));
        await WithOutputOnFailureAsync(tandem, async () =>
        {
            await bench.UntilAppliedMoreAsync(tandem, 300);
            var from = tandem.Output.Length;
            await bench.Source.ExecuteSqlAsync($"INSERT INTO {FaultBench.Database}.big VALUES (2, 'streamed', REPEAT(X'AB', 64 * 1024 * 1024))", CancellationToken.None);
            await bench.Source.ExecuteSqlAsync($"UPDATE {FaultBench.Database}.big SET b = REPEAT(X'CD', 64 * 1024 * 1024), note = 'updated' WHERE id = 1", CancellationToken.None);
            await bench.UntilAppliedMoreAsync(tandem, 300);
            bench.RecordSeen("a 64 MiB row inserted and a copied one updated to 64 MiB", tandem, from);
            Assert.DoesNotContain("retrying", tandem.Output[from..], StringComparison.Ordinal);
            await ConvergeAsync(bench, load, tandem);
        });
    }

    /// <summary>Starts a fault, holds it for <paramref name="length"/> (the outage itself, not a wait for a condition), ends it; returns what tandem printed meanwhile.</summary>
    private static async Task<string> OutageAsync(FaultBench bench, TandemProcess tandem, string what, TimeSpan length, Func<Task> begin, Func<Task> end)
    {
        var from = tandem.Output.Length;
        var outage = Stopwatch.StartNew();
        await begin();
        var exited = await Eventually.TrueWithinAsync(() => tandem.HasExited, length);
        Assert.False(exited, $"tandem exited during the fault ({what}):\n{FaultBench.Tail(tandem.Output)}");
        await end();
        var seen = tandem.Output[from..];
        bench.RecordSeen($"{what} ({outage.Elapsed.TotalSeconds:0.0} s)", tandem, from);

        // It replicates again while the load goes on.
        await bench.UntilAppliedMoreAsync(tandem, 300);
        return seen;
    }

    /// <summary>The status lines of an outage of the source said so (<c>source=STATE</c>), with a lag that grew past 10 s instead of staying at zero.</summary>
    private static void AssertOutOfContactShown(string seen, string state)
    {
        Assert.Contains($" source={state} ", seen, StringComparison.Ordinal);
        var lags = System.Text.RegularExpressions.Regex.Matches(seen, @" lag=([0-9.]+)s ")
            .Select(static m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(lags.DefaultIfEmpty(0).Max() > 10, $"the lag did not grow during the outage:\n{seen}");
    }

    private async Task ConvergeAsync(FaultBench bench, FaultLoad load, TandemProcess tandem)
    {
        await load.StopAsync();
        output.WriteLine($"load: {load}");
        Assert.True(load.Committed > 0, "the load committed nothing");
        await bench.AssertConvergedAsync(tandem);
        var from = tandem.Output.Length;
        await bench.StopCleanlyAsync(tandem);
        bench.RecordSeen("the clean stop (SIGTERM)", tandem, from);
        Assert.DoesNotContain("   at ", tandem.Output, StringComparison.Ordinal);
    }

    private async Task WithOutputOnFailureAsync(TandemProcess tandem, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch
        {
            output.WriteLine("--- tandem's output, on failure ---");
            output.WriteLine(FaultBench.Tail(tandem.Output));
            throw;
        }
    }

    private static Task Both(Action first, Action second)
    {
        first();
        second();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class FaultsCollection
{
    public const string Name = "Fault suite";
}
