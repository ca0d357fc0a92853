using Tandem.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// A stop is a clean stop even when it cuts a statement on its way to the target: `tandem run` exits 0 with no
/// connection error, and the next run resumes and converges. The target sits behind a proxy that slows what Tandem
/// sends to it, so a large transaction applied alone is still being sent when the stop arrives.
/// </summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class CleanStopTests(ReplicationPairFixture pair, ITestOutputHelper output)
{
    private const long Throttle = 1L << 20;

    [Fact]
    public async Task A_stop_while_a_large_transaction_is_being_sent_to_the_target_exits_0_and_the_next_run_converges()
    {
        var database = DatabaseNames.Unique("cutstop");
        await pair.Source.ExecuteSqlAsync(
            $"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY, pad VARCHAR(255) NOT NULL); " +
            $"USE `{database}`; INSERT INTO t SELECT seq, 'copied' FROM seq_1_to_100",
            CancellationToken.None);
        await using var proxy = new LoopbackProxy(pair.Target.Port);
        var target = $"mysql://root@127.0.0.1:{proxy.Port}";

        // A small memory budget makes the transaction a barrier, applied alone on the sink's own connection; large batches
        // make its statements far larger than the socket buffers, so the send itself is what the stop cuts.
        var file = TestTasks.WriteFile(pair, database, "memory_budget: 32MiB\nbatch_rows: 200000");
        File.WriteAllText(file, File.ReadAllText(file).Replace(pair.Target.Uri, target, StringComparison.Ordinal));

        using (var first = TandemProcess.Run(file))
        {
            try
            {
                Assert.True(await Eventually.TrueWithinAsync(() => first.Output.Contains($" {database} streaming ", StringComparison.Ordinal) || first.HasExited, TimeSpan.FromMinutes(2)), first.Output);
                Assert.False(first.HasExited, first.Output);
                proxy.BytesPerSecond = Throttle;
                proxy.ResetCount();
                await pair.Source.ExecuteSqlAsync($"USE `{database}`; INSERT INTO t SELECT seq + 1000, REPEAT('x', 250) FROM seq_1_to_80000", CancellationToken.None);

                // About 21 MB at 1 MiB/s: a few MiB through means the first statement is on its way, with many left.
                Assert.True(await Eventually.TrueWithinAsync(() => proxy.ForwardedToServer > 3L << 20 || first.HasExited, TimeSpan.FromMinutes(3)), first.Output);
                Assert.False(first.HasExited, first.Output);
                var exit = await first.StopAsync(TimeSpan.FromMinutes(2));
                Assert.True(exit == 0, first.Output);
                Assert.DoesNotContain("lost the connection", first.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("apply failed", first.Output, StringComparison.Ordinal);
                Assert.Contains($" {database} stopped ", first.Output, StringComparison.Ordinal);
            }
            finally
            {
                output.WriteLine(first.Output);
            }
        }

        proxy.BytesPerSecond = 0;
        using var second = TandemProcess.Run(file);
        try
        {
            var running = second.WaitForExitAsync();
            await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, target, database, running, TimeSpan.FromMinutes(3));
            await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
            Assert.Equal(0, await second.StopAsync(TimeSpan.FromMinutes(1)));
        }
        finally
        {
            output.WriteLine(second.Output);
        }
    }
}
