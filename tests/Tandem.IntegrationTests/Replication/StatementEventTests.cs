using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Cli.Run;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// A data change the source logged as a statement (a session with binlog_format=STATEMENT) mid-stream: by default the task
/// stops and says how to continue; with statement_events: skip it goes past, recording what it skipped in tandem_meta.
/// </summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class StatementEventTests(ReplicationPairFixture pair)
{
    private static readonly TimeSpan Bounded = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_statement_format_change_stops_the_task_saying_how_to_continue_and_skip_goes_past_it_recording_it()
    {
        var database = DatabaseNames.Unique("stmt");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO `{database}`.t VALUES (1, 'copied')", CancellationToken.None);
        var task = TestTasks.For(pair, database);
        using (var stop = new CancellationTokenSource())
        {
            var running = new TaskRunner(task, new ReplicationMetrics(task.Name), NullLogger.Instance).RunAsync(stop.Token);
            await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);
            await pair.Source.ExecuteSqlAsync(
                $"SET SESSION binlog_format = 'STATEMENT'; INSERT INTO `{database}`.t VALUES (2, 'statement'); SET SESSION binlog_format = 'ROW'; INSERT INTO `{database}`.t VALUES (3, 'row')",
                CancellationToken.None);

            var error = await Assert.ThrowsAsync<StatementEventException>(() => running.WaitAsync(Bounded));

            Assert.Contains($"INSERT INTO `{database}`.t VALUES (2, 'statement')", error.Message, StringComparison.Ordinal);
            Assert.Contains("logged as a statement, not as rows", error.Message, StringComparison.Ordinal);
            Assert.Contains("`statement_events: skip`", error.Hint, StringComparison.Ordinal);
            Assert.Contains("tandem verify --task TASK.yaml", error.Hint, StringComparison.Ordinal);
            Assert.Contains("re-copy", error.Hint, StringComparison.Ordinal);
        }

        var skipping = task with { StatementEvents = StatementEventPolicy.Skip };
        using (var stop = new CancellationTokenSource())
        {
            var running = new TaskRunner(skipping, new ReplicationMetrics(task.Name), NullLogger.Instance).RunAsync(stop.Token);
            await pair.Source.ExecuteSqlAsync($"INSERT INTO `{database}`.t VALUES (4, 'after')", CancellationToken.None);
            await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);

            await using var target = await MySqlConnection.OpenAsync(pair.Target.Uri);
            var skipped = await SkippedStatementStore.ReadAsync(target, task.Name, CancellationToken.None);
            var only = Assert.Single(skipped);
            Assert.Equal($"INSERT INTO `{database}`.t VALUES (2, 'statement')", only.Statement);
            Assert.Matches(@"^.+:\d+$", only.Position);
            // The skipped row is honestly missing; the row-format changes around it replicated.
            Assert.Equal("1,3,4", await target.QueryScalarAsync($"SELECT GROUP_CONCAT(id ORDER BY id) FROM `{database}`.t"));
            Assert.False(running.IsCompleted, "the skipping task stopped");
            await stop.CancelAsync();
            await running;
        }
    }
}
