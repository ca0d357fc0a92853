using Xunit.Abstractions;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// kill -9 of `tandem run` at random moments of the snapshot, the hand-off and the stream, with sysbench writing all
/// the while. After every kill a restart must converge to exactly the source's data: no row lost, none duplicated.
/// </summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class CrashSafetyTests(ReplicationPairFixture pair, ITestOutputHelper output)
{
    private const int Tables = 4;
    private const int TableSize = 15_000;

    private enum Moment
    {
        Snapshot,
        HandOff,
        Streaming,
    }

    [Fact]
    public Task Kill_9_at_twelve_random_moments_always_converges_to_identical_data() =>
        KillAndConvergeAsync(
        [
            Moment.Snapshot, Moment.Snapshot, Moment.Snapshot, Moment.Snapshot, Moment.HandOff, Moment.HandOff,
            Moment.Streaming, Moment.Streaming, Moment.Streaming, Moment.Streaming, Moment.Streaming, Moment.Streaming,
        ]);

    /// <summary>The chaos run behind TANDEM_SOAK=1: a hundred kills in a random order of moments.</summary>
    [SoakFact]
    public Task Soak_kill_9_at_a_hundred_random_moments_always_converges_to_identical_data() =>
        KillAndConvergeAsync([.. Enumerable.Range(0, 100).Select(static _ => (Moment)Random.Shared.Next(3))]);

    private async Task KillAndConvergeAsync(Moment[] moments)
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var database = DatabaseNames.Unique("crash");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`", CancellationToken.None);
        await SysbenchLoad.PrepareAsync(pair.Source.Port, database, Tables, TableSize);
        var taskFile = TestTasks.WriteFile(pair, database);

        for (var round = 0; round < moments.Length; round++)
        {
            var moment = moments[round];
            if (moment != Moment.Streaming || round == 0 || moments[round - 1] != Moment.Streaming)
                await ResetTargetAsync(database);

            using var stopLoad = new CancellationTokenSource();
            var load = SysbenchLoad.WriteUntilStoppedAsync(pair.Source.Port, database, Tables, TableSize, rate: 300, stopLoad.Token);
            using (var crashing = TandemProcess.Run(taskFile))
            {
                var when = await WaitForMomentAsync(database, moment, random, crashing);
                await crashing.KillAsync();
                output.WriteLine($"round {round + 1}: killed during {moment} ({when})");
            }

            using var restarted = TandemProcess.Run(taskFile);
            try
            {
                await stopLoad.CancelAsync();
                await load;
                await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, database, restarted.WaitForExitAsync());
                await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
                Assert.Equal(0, await restarted.StopAsync(TimeSpan.FromSeconds(60)));
            }
            catch
            {
                output.WriteLine(restarted.Output);
                throw;
            }
        }
    }

    /// <summary>Waits for a random point of the given phase; returns a description of it.</summary>
    private async Task<string> WaitForMomentAsync(string database, Moment moment, Random random, TandemProcess tandem)
    {
        var totalChunks = Tables * ((TableSize + 1_999) / 2_000);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var targetChunks = random.Next(1, totalChunks * 3 / 4);
        var pause = TimeSpan.FromMilliseconds(moment == Moment.HandOff ? random.Next(0, 150) : random.Next(200, 2000));
        while (DateTime.UtcNow < deadline)
        {
            if (tandem.HasExited)
                throw new InvalidOperationException($"tandem exited before the {moment} moment:{Environment.NewLine}{tandem.Output}");
            var (chunksDone, phase, checkpoint) = await ProgressAsync(database);
            switch (moment)
            {
                case Moment.Snapshot when chunksDone >= targetChunks:
                    return $"{chunksDone} of {totalChunks} chunks copied";
                case Moment.Snapshot when phase == TaskState.Streaming:
                    return "the copy finished before the chosen chunk";
                case Moment.HandOff when phase == TaskState.Streaming:
                    await Task.Delay(pause);
                    return $"{pause.TotalMilliseconds} ms after the copy finished";
                case Moment.Streaming when checkpoint:
                    await Task.Delay(pause);
                    return $"{pause.TotalMilliseconds} ms into streaming";
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"tandem never reached the {moment} moment:{Environment.NewLine}{tandem.Output}");
    }

    private async Task<(long ChunksDone, string? Phase, bool Checkpoint)> ProgressAsync(string database)
    {
        await using var target = await MySqlConnection.OpenAsync(pair.Target.Uri);
        try
        {
            var chunks = Convert.ToInt64(await target.QueryScalarAsync($"SELECT COUNT(*) FROM {MetaSchema.Database}.copy_chunk WHERE task = '{database}' AND state = 'done'"), System.Globalization.CultureInfo.InvariantCulture);
            var phase = await target.QueryScalarAsync($"SELECT phase FROM {MetaSchema.Database}.task WHERE task = '{database}'") as string;
            var checkpoint = Convert.ToInt64(await target.QueryScalarAsync($"SELECT COUNT(*) FROM {MetaSchema.Database}.checkpoint WHERE task = '{database}'"), System.Globalization.CultureInfo.InvariantCulture) > 0;
            return (chunks, phase, checkpoint);
        }
        catch (MySqlServerException ex) when (ex.ErrorCode is 1146 or 1049)
        {
            return (0, null, false);
        }
    }

    /// <summary>Drops the target's copy and the task's state, so the next run starts with a fresh snapshot.</summary>
    private async Task ResetTargetAsync(string database)
    {
        await using var target = await MySqlConnection.OpenAsync(pair.Target.Uri);
        await target.ExecuteAsync($"DROP DATABASE IF EXISTS `{database}`");
        try
        {
            foreach (var table in new[] { "task", "checkpoint", "copy_table", "copy_chunk", "schema_history" })
                await target.ExecuteAsync($"DELETE FROM {MetaSchema.Database}.{table} WHERE task = '{database}'");
        }
        catch (MySqlServerException ex) when (ex.ErrorCode is 1146 or 1049)
        {
        }
    }
}
