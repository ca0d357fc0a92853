using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// The differential test: a seeded workload of colliding changes (<see cref="WorkloadGenerator"/>) runs in four
/// concurrent sessions on the source while `tandem run` copies and streams it to the target and is killed with SIGKILL
/// during the copy and while streaming, at moments drawn from the seed, and restarted each time. When the workload
/// stops and Tandem has caught up, every table must be identical to the source's: row counts, CHECKSUM TABLE, and row by
/// row. MariaDB's own replication of the same source into a third server is the control: it must converge too, or the
/// workload itself is wrong. A failure names its seed; TANDEM_DIFF_SEED=n runs that seed alone.
/// </summary>
[Collection(DifferentialServersCollection.Name)]
public sealed class DifferentialTests(DifferentialServersFixture servers, ITestOutputHelper output)
{
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MomentTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public Task Seeded_colliding_workloads_with_kill_9_in_copy_and_stream_end_identical_to_the_source_as_native_replication_does() =>
        RunSeedsAsync(DifferentialSettings.Short);

    [SoakFact]
    public Task Soak_ten_seeded_colliding_workloads_with_eight_kills_each_end_identical_to_the_source() =>
        RunSeedsAsync(DifferentialSettings.Soak);

    private async Task RunSeedsAsync(DifferentialSettings settings)
    {
        var denied = await DifferentialSchema.CheckRespellingsAsync(servers.Source.Uri, CancellationToken.None);
        Assert.True(denied.Count == 0, "the server does not hold the respelling classes as the workload assumes:\n" + string.Join("\n", denied));
        foreach (var seed in Seeds(settings.Seeds))
        {
            try
            {
                await RunSeedAsync(seed, settings);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"seed {seed} failed (rerun it alone with TANDEM_DIFF_SEED={seed}): {ex.Message}", ex);
            }
        }
    }

    private static IEnumerable<int> Seeds(int count)
    {
        if (Environment.GetEnvironmentVariable("TANDEM_DIFF_SEED") is { Length: > 0 } fixedSeed)
            return [int.Parse(fixedSeed, CultureInfo.InvariantCulture)];
        return [.. Enumerable.Range(0, count).Select(static i => DifferentialTask.WithBatchSizeOf(RandomNumberGenerator.GetInt32(1, int.MaxValue - 3), i))];
    }

    private async Task RunSeedAsync(int seed, DifferentialSettings settings)
    {
        var clock = Stopwatch.StartNew();
        output.WriteLine($"seed {seed} (batch_rows {DifferentialTask.BatchRowsFor(seed)})");
        var database = string.Create(CultureInfo.InvariantCulture, $"diff_{seed}_{Guid.NewGuid().ToString("N")[..6]}");
        await DifferentialSchema.CreateAsync(servers.Source.Uri, database, settings.LedgerRows, CancellationToken.None);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: {database} seeded");
        var taskFile = DifferentialTask.Write(database, seed, servers.Source.Uri, servers.Target.Uri);
        var generator = new WorkloadGenerator(seed);
        var shape = new WorkloadShape(Sessions: 4, settings.Workload, Pause: TimeSpan.FromMilliseconds(40), WorkloadGenerator.TransactionsPerDeck);
        using var abort = new CancellationTokenSource();
        var workload = WorkloadRun.RunAsync(servers.Source.Uri, database, generator, shape, abort.Token);
        using var stopStalls = CancellationTokenSource.CreateLinkedTokenSource(abort.Token);
        var stalls = Task.WhenAll(
            RowLockStalls.RunAsync(servers.Target.Uri, database, seed, stopStalls.Token),
            RowLockStalls.RunAsync(servers.Replica.Uri, database, seed, stopStalls.Token));
        TandemProcess? final = null;
        try
        {
            foreach (var moment in KillMoment.Plan(seed, settings.CopyKills, settings.StreamingKills, settings.Workload))
            {
                using var crashing = TandemProcess.Run(taskFile);
                var when = await WaitForMomentAsync(database, moment, crashing, workload);
                await crashing.KillAsync();
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: kill -9 {moment}: {when}");
            }

            final = TandemProcess.Run(taskFile);
            var stats = await workload;
            await stopStalls.CancelAsync();
            await stalls;
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: workload done\n{stats}");
            await ReplicationWait.UntilAppliedAsync(servers.Source.Uri, servers.Target.Uri, database, final.WaitForExitAsync(), CatchUpTimeout);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: tandem caught up");
            var tandemDifferences = await Convergence.DifferencesAsync(servers.Source.Uri, servers.Target.Uri, database, CancellationToken.None);

            await NativeReplica.UntilCaughtUpAsync(servers.Replica.Uri, servers.Source.Uri, CatchUpTimeout, CancellationToken.None);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: native replication caught up");
            var nativeDifferences = await Convergence.DifferencesAsync(servers.Source.Uri, servers.Replica.Uri, database, CancellationToken.None);
            Assert.True(nativeDifferences is null, $"native replication of the same source diverged, so the workload is invalid, not Tandem:\n{nativeDifferences}");
            Assert.True(tandemDifferences is null, $"the target Tandem replicated differs from the source (native replication of the same source converged):\n{tandemDifferences}");

            // The run exercised what it claims to: every kind ran, a transaction over a quarter of the budget committed,
            // and keys did collide.
            Assert.Equal(Enum.GetValues<OperationKind>().ToHashSet(), stats.KindsRun());
            Assert.True(stats.Of(OperationKind.OverQuarterOfBudget, WorkloadStats.Committed) > 0, "no transaction over a quarter of the budget committed");
            Assert.True(stats.ErrorsOf(1062) > 0, "no statement met a duplicate key");
            Assert.Equal(0, await final.StopAsync(TimeSpan.FromSeconds(60)));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: seed {seed} identical on the target and on the native replica");
        }
        catch
        {
            if (final is not null)
                output.WriteLine(Tail(final.Output, 80));
            throw;
        }
        finally
        {
            await abort.CancelAsync();
            try
            {
                await workload;
            }
            catch (Exception ex) when (ex is OperationCanceledException || abort.IsCancellationRequested)
            {
            }

            await stalls;

            final?.Dispose();
        }

        Directory.Delete(Path.GetDirectoryName(taskFile)!, recursive: true);
        await DropAsync(database);
    }

    /// <summary>Waits for the moment to kill at; returns what it found there. Fails when tandem or the workload ended first.</summary>
    private async Task<string> WaitForMomentAsync(string database, KillMoment moment, TandemProcess tandem, Task workload)
    {
        var clock = Stopwatch.StartNew();
        long? doneAtStart = null;
        while (clock.Elapsed < MomentTimeout)
        {
            if (tandem.HasExited)
                throw new InvalidOperationException($"tandem exited before the moment {moment}:\n{Tail(tandem.Output, 80)}");
            if (workload.IsFaulted)
                await workload;
            var (done, planned, phase, streaming) = await ProgressAsync(database);
            doneAtStart ??= done;
            if (moment.DuringCopy)
            {
                if (phase == TaskState.Streaming)
                    return $"the copy had finished ({done} of {planned} chunks)";
                // A restarted copy keeps the chunks done before: it must copy one of its own before it is killed again.
                if (phase == TaskState.Copying && planned > 0 && done > doneAtStart && done >= Math.Ceiling(moment.CopiedFraction * planned))
                    return $"{done} of {planned} chunks copied";
            }
            else if (phase == TaskState.Streaming && streaming)
            {
                await Task.Delay(moment.IntoStreaming);
                return "streaming";
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"tandem never reached the moment {moment}:\n{Tail(tandem.Output, 80)}");
    }

    private async Task<(long Done, long Planned, string? Phase, bool Checkpoint)> ProgressAsync(string database)
    {
        await using var target = await MySqlConnection.OpenAsync(servers.Target.Uri);
        try
        {
            var task = SqlLiteral.Quote(database);
            await using var reader = await target.QueryAsync(
                $"""
                SELECT (SELECT COUNT(*) FROM {MetaSchema.Database}.copy_chunk WHERE task = {task} AND state = 'done'),
                       (SELECT COUNT(*) FROM {MetaSchema.Database}.copy_chunk WHERE task = {task}),
                       (SELECT phase FROM {MetaSchema.Database}.task WHERE task = {task}),
                       (SELECT COUNT(*) FROM {MetaSchema.Database}.checkpoint WHERE task = {task})
                """);
            Assert.True(await reader.ReadAsync());
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3) > 0);
        }
        catch (MySqlServerException ex) when (ex.ErrorCode is 1146 or 1049)
        {
            return (0, 0, null, false);
        }
    }

    private async Task DropAsync(string database)
    {
        foreach (var uri in new[] { servers.Source.Uri, servers.Target.Uri })
        {
            await using var connection = await MySqlConnection.OpenAsync(uri);
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {SqlLiteral.QuoteIdentifier(database)}");
        }
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
