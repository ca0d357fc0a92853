using Tandem.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// `kill -INT` stops `tandem run` cleanly even when a script started it in the background, where the shell hands it
/// SIGINT ignored: the .NET runtime would keep it ignored, and the task would stream on as if nothing was sent.
/// </summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class InterruptStopTests(ReplicationPairFixture pair, ITestOutputHelper output)
{
    [Fact]
    public async Task SIGINT_stops_a_task_started_as_a_background_job_cleanly()
    {
        var database = DatabaseNames.Unique("sigint");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY)", CancellationToken.None);
        using var tandem = TandemProcess.RunAsBackgroundJob(TestTasks.WriteFile(pair, database));
        try
        {
            Assert.True(await Eventually.TrueWithinAsync(() => tandem.Output.Contains($" {database} streaming ", StringComparison.Ordinal) || tandem.HasExited, TimeSpan.FromMinutes(2)), tandem.Output);
            Assert.False(tandem.HasExited, tandem.Output);

            Assert.Equal(0, await tandem.InterruptAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains($" {database} stopped ", tandem.Output, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(tandem.Output);
        }
    }
}
