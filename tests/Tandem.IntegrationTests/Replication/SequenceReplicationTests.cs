using Tandem.Cli.Run;
using Tandem.Core.Replication;
using Tandem.IntegrationTests.Cli;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// MariaDB sequences are not replicated, and say so: a task whose pattern matches one warns and leaves it out (the copy
/// skips it, the stream drops its NEXTVAL/SETVAL rows and its DDL) instead of refusing it as a table without a key, and
/// `tandem check` lists it as a sequence, not as a keyless table.
/// </summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class SequenceReplicationTests(ReplicationPairFixture pair)
{
    [Fact]
    public async Task A_sequence_is_left_out_with_a_warning_while_its_tables_replicate()
    {
        var database = DatabaseNames.Unique("seq");
        await pair.Source.ExecuteSqlAsync(
            $"CREATE DATABASE `{database}`; USE `{database}`; CREATE SEQUENCE s; CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(10)); " +
            "INSERT INTO t VALUES (NEXTVAL(s), 'before'), (NEXTVAL(s), 'before');",
            CancellationToken.None);
        var task = TestTasks.For(pair, database);
        var logger = new RecordingLogger();
        using var stop = new CancellationTokenSource();
        var running = new TaskRunner(task, new ReplicationMetrics(task.Name), logger).RunAsync(stop.Token);
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);

        // NEXTVAL and SETVAL write the sequence's row to the binlog; sequence DDL is logged too.
        await pair.Source.ExecuteSqlAsync(
            $"USE `{database}`; INSERT INTO t VALUES (NEXTVAL(s), 'during'); SELECT SETVAL(s, 1000); INSERT INTO t VALUES (NEXTVAL(s), 'after'); " +
            "CREATE SEQUENCE s2 START WITH 5; SELECT NEXTVAL(s2); ALTER SEQUENCE s RESTART WITH 50; INSERT INTO t VALUES (NEXTVAL(s), 'restart'); DROP SEQUENCE s2;",
            CancellationToken.None);
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);

        Assert.Contains(logger.Messages, m => m.Contains($"{database}.s is a sequence, which is not replicated", StringComparison.Ordinal));
        Assert.Contains(logger.Messages, m => m.Contains($"{database}.s2 is a sequence created after the task started, which is not replicated", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Messages, m => m.Contains($"{database}.s is a sequence created after", StringComparison.Ordinal));
        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
        await using (var target = await MySqlConnection.OpenAsync(pair.Target.Uri))
        {
            Assert.Equal(5L, Convert.ToInt64(await target.QueryScalarAsync($"SELECT COUNT(*) FROM `{database}`.t"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(0L, Convert.ToInt64(await target.QueryScalarAsync($"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{database}' AND TABLE_TYPE = 'SEQUENCE'"), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.False(running.IsCompleted, "the task stopped on the sequence's changes");
        await stop.CancelAsync();
        await running;

        var check = await CliRun.RunAsync("check", pair.Source.Uri, "--json");
        var checks = check.Checks();
        Assert.Equal("warn", checks["sequences"].Status);
        Assert.Contains($"{database}.s", checks["sequences"].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain($"{database}.s", checks["tables without key"].Detail, StringComparison.Ordinal);
    }
}
