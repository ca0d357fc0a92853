using System.Diagnostics;
using Tandem.Cli.Run;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// A task streaming under a write load while its source goes away (frozen by SIGSTOP, killed with SIGKILL) or its
/// connection silently stalls: the lag must grow and the status line and metrics say the source is out of contact and,
/// past stall_after, that the task is stalled; once the source is back the lag is small again and the tables converge.
/// An idle source that sends its heartbeats must not look stalled.
/// </summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class SourceOutageTests(ReplicationPairFixture pair, OutageSourceFixture outage, ITestOutputHelper output) : IClassFixture<OutageSourceFixture>
{
    private const int WritesPerSecond = 200;
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task A_frozen_source_shows_growing_lag_out_of_contact_and_stalled_then_recovers_and_converges()
    {
        await RunThroughOutageAsync(outage.Server.Uri, "frozen", () =>
        {
            outage.Server.Freeze();
            return Task.FromResult<Func<Task>>(() =>
            {
                outage.Server.Thaw();
                return Task.CompletedTask;
            });
        });
    }

    [Fact]
    public async Task A_killed_source_shows_growing_lag_unreachable_and_stalled_then_recovers_after_its_restart_and_converges()
    {
        await RunThroughOutageAsync(outage.Server.Uri, "killed", async () =>
        {
            await outage.Server.KillAsync();
            return () => outage.Server.RestartAsync(CancellationToken.None);
        }, expectUnreachable: true);
    }

    [Fact]
    public async Task A_silently_stalled_connection_shows_growing_lag_and_stalled_then_recovers_and_converges()
    {
        await using var proxy = new LoopbackProxy(pair.Source.Port);
        await RunThroughOutageAsync(pair.Source.Uri, "stalledlink", () =>
        {
            proxy.FreezeOpenConnections();
            return Task.FromResult<Func<Task>>(() => Task.CompletedTask);
        }, captureUri: $"mysql://root@127.0.0.1:{proxy.Port}", expectStalledState: true);
    }

    [Fact]
    public async Task An_idle_source_that_sends_heartbeats_shows_a_small_lag_and_stays_connected()
    {
        var database = DatabaseNames.Unique("idle");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40))", CancellationToken.None);
        var task = TestTasks.For(pair, database) with { StallAfter = StallAfter };
        var metrics = new ReplicationMetrics(task.Name);
        using var stop = new CancellationTokenSource();
        var running = new TaskRunner(task, metrics, new TestOutputLogger(output, "task")).RunAsync(stop.Token);
        Assert.True(await Eventually.TrueWithinAsync(() => metrics.Phase == TaskPhase.Streaming && metrics.SourceState == SourceContactState.Connected || running.IsCompleted, TimeSpan.FromMinutes(2)), "the task did not start streaming");

        // Nothing is written for several heartbeat periods (2 s) and longer than the stall limit of the source (5 s).
        var watched = Stopwatch.StartNew();
        while (watched.Elapsed < TimeSpan.FromSeconds(12))
        {
            Assert.False(running.IsCompleted, "the task ended by itself");
            var line = StatusLine.Format(task.Name, ProgressSample.Take(metrics, DateTimeOffset.UtcNow), default);
            Assert.True(metrics.SourceState == SourceContactState.Connected, $"an idle source looked out of contact: {line}");
            Assert.True(metrics.Lag < TimeSpan.FromSeconds(1.5), $"an idle source showed a growing lag: {line}");
            Assert.False(metrics.Stalled, line);
            Assert.Contains(" source=connected stalled=no", line, StringComparison.Ordinal);
            await Task.Delay(200);
        }

        await stop.CancelAsync();
        await running;
    }

    /// <param name="interrupt">Cuts the source off; returns what brings it back.</param>
    /// <param name="captureUri">Where the task reaches the source, when not at <paramref name="sourceUri"/> (a proxy).</param>
    /// <param name="expectUnreachable">The connection is refused, so the state must reach unreachable (not only stalled).</param>
    /// <param name="expectStalledState">The connection stays open but silent, so the state must pass through stalled.</param>
    private async Task RunThroughOutageAsync(string sourceUri, string prefix, Func<Task<Func<Task>>> interrupt, string? captureUri = null, bool expectUnreachable = false, bool expectStalledState = false)
    {
        var database = DatabaseNames.Unique(prefix);
        await using (var admin = await MySql.Protocol.MySqlConnection.OpenAsync(sourceUri))
        {
            await admin.ExecuteAsync($"CREATE DATABASE `{database}`");
            await admin.ExecuteAsync($"CREATE TABLE `{database}`.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40))");
        }

        var task = TestTasks.For(pair, database) with { Source = captureUri ?? sourceUri, StallAfter = StallAfter };
        var metrics = new ReplicationMetrics(task.Name);
        using var stop = new CancellationTokenSource();
        var writer = new SteadyWriter(sourceUri, $"`{database}`.t", WritesPerSecond);
        var running = new TaskRunner(task, metrics, new TestOutputLogger(output, "task")).RunAsync(stop.Token);
        Func<Task>? restore = null;
        try
        {
            Assert.True(
                await Eventually.TrueWithinAsync(() => metrics.Phase == TaskPhase.Streaming && metrics.RowsApplied > 300 && metrics.Lag < TimeSpan.FromSeconds(2) || running.IsCompleted, TimeSpan.FromMinutes(2)),
                $"the task did not catch up with the load: {Line(task, metrics)}");
            Assert.False(running.IsCompleted, "the task ended by itself");
            Assert.Equal(SourceContactState.Connected, metrics.SourceState);

            var cut = Stopwatch.StartNew();
            restore = await interrupt();
            var sawStalledState = false;
            var sawUnreachable = false;
            var outOfContact = await Eventually.TrueWithinAsync(() =>
            {
                sawStalledState |= metrics.SourceState == SourceContactState.Stalled;
                sawUnreachable |= metrics.SourceState == SourceContactState.Unreachable;
                return metrics.SourceState != SourceContactState.Connected && metrics.Lag > TimeSpan.FromSeconds(4);
            }, TimeSpan.FromSeconds(20));
            output.WriteLine($"{cut.Elapsed.TotalSeconds:F1}s after the cut: {Line(task, metrics)}");
            Assert.True(outOfContact, $"the source was cut off, but the task still looked in contact or caught up: {Line(task, metrics)}");
            var line = Line(task, metrics);
            Assert.Matches(" source=(stalled|unreachable) ", line);
            Assert.Contains($"tandem_source_connected{{task=\"{task.Name}\"}} 0\n", PrometheusText.Format(metrics), StringComparison.Ordinal);

            // The lag keeps growing while contact is lost, second for second.
            var before = metrics.Lag;
            var waited = Stopwatch.StartNew();
            Assert.True(await Eventually.TrueWithinAsync(() => waited.Elapsed > TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)));
            var grown = metrics.Lag - before;
            Assert.True(grown > TimeSpan.FromSeconds(1.5), $"the lag grew by {grown.TotalSeconds:F2}s in {waited.Elapsed.TotalSeconds:F2}s of lost contact: {Line(task, metrics)}");

            var stalled = await Eventually.TrueWithinAsync(() =>
            {
                sawStalledState |= metrics.SourceState == SourceContactState.Stalled;
                sawUnreachable |= metrics.SourceState == SourceContactState.Unreachable;
                return metrics.Stalled;
            }, TimeSpan.FromSeconds(30));
            Assert.True(stalled, $"no stall reported after stall_after {StallAfter.TotalSeconds}s out of contact: {Line(task, metrics)}");
            Assert.Contains(" stalled=yes", Line(task, metrics), StringComparison.Ordinal);
            Assert.Contains($"tandem_stalled{{task=\"{task.Name}\"}} 1\n", PrometheusText.Format(metrics), StringComparison.Ordinal);
            if (expectStalledState)
                Assert.True(sawStalledState, "a connection open but silent was never reported as a stalled source");
            if (expectUnreachable)
                Assert.True(sawUnreachable, "a refused connection was never reported as unreachable");

            await restore();
            restore = null;
            var recovered = await Eventually.TrueWithinAsync(
                () => metrics.SourceState == SourceContactState.Connected && !metrics.Stalled && metrics.Lag < TimeSpan.FromSeconds(3) && writer.Committed > 0 || running.IsCompleted,
                TimeSpan.FromSeconds(120));
            output.WriteLine($"{cut.Elapsed.TotalSeconds:F1}s after the cut: {Line(task, metrics)}");
            Assert.False(running.IsCompleted, "the task ended during the outage");
            Assert.True(recovered, $"the task did not recover a small lag after contact returned: {Line(task, metrics)}");
            Assert.Contains(" source=connected stalled=no", Line(task, metrics), StringComparison.Ordinal);

            await writer.StopAsync();
            await ReplicationWait.UntilAppliedAsync(sourceUri, pair.Target.Uri, task.Name, running);
            await TableComparison.AssertIdenticalAsync(sourceUri, database, pair.Target.Uri, database);
        }
        finally
        {
            if (restore is not null)
                await restore();
            await writer.DisposeAsync();
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                output.WriteLine($"the task ended with: {ex.Message}");
            }
        }
    }

    private static string Line(TaskDefinition task, ReplicationMetrics metrics) =>
        StatusLine.Format(task.Name, ProgressSample.Take(metrics, DateTimeOffset.UtcNow), default);
}
