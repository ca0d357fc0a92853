using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Cli.Run;
using Tandem.Core.Errors;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.Core.Tasks.Links;
using Tandem.IntegrationTests.Cli;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Replication;

/// <summary>What `tandem run` refuses before it writes anything.</summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class PreflightTests(ReplicationPairFixture pair)
{
    /// <summary>A refusal comes before anything runs; a task that runs instead would stream forever.</summary>
    private static readonly TimeSpan Bounded = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_child_table_with_a_cascading_foreign_key_is_refused_since_the_binlog_lacks_its_cascaded_rows()
    {
        var database = DatabaseNames.Unique("fk");
        await pair.Source.ExecuteSqlAsync(
            $"CREATE DATABASE `{database}`; USE `{database}`; CREATE TABLE parent (id INT PRIMARY KEY); " +
            "CREATE TABLE child (id INT PRIMARY KEY, parent INT, FOREIGN KEY fk_parent (parent) REFERENCES parent (id) ON DELETE CASCADE)",
            CancellationToken.None);
        var task = TestTasks.For(pair, database);

        var error = await Assert.ThrowsAsync<TandemException>(() => new TaskRunner(task, new ReplicationMetrics(task.Name), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).RunAsync(CancellationToken.None));

        Assert.Contains($"{database}.child", error.Message, StringComparison.Ordinal);
        Assert.Contains("ON DELETE CASCADE", error.Message, StringComparison.Ordinal);
        Assert.Contains("RESTRICT", error.Hint, StringComparison.Ordinal);
        await using var target = await MySqlConnection.OpenAsync(pair.Target.Uri);
        Assert.Null(await target.QueryScalarAsync($"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{database}'"));
    }

    [Fact]
    public async Task A_full_copy_with_a_pattern_that_matches_no_database_exits_1_naming_the_pattern_and_the_databases_seen()
    {
        var database = DatabaseNames.Unique("pat");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY)", CancellationToken.None);
        var directory = Directory.CreateTempSubdirectory("tandem-task-").FullName;
        var path = Path.Combine(directory, "pat.yaml");
        await File.WriteAllTextAsync(path, $"""
            name: {database}
            source: {pair.Source.Uri}
            target: {pair.Target.Uri}
            tables: ["{database}.*", "{database}x.*"]
            mode: full
            """);

        var run = await CliRun.RunAsync("run", path, "--status-interval", "100ms");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"table pattern '{database}x.*' matches no database (did you mean '{database}.*'?)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"its databases: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(database, run.Stderr[run.Stderr.IndexOf("its databases: ", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.DoesNotContain($"'{database}.*'  matches", run.Stderr, StringComparison.Ordinal);
        await AssertNotOnTargetAsync(database);
    }

    [Theory]
    [InlineData(TaskMode.Full)]
    [InlineData(TaskMode.FullAndIncremental)]
    [InlineData(TaskMode.Incremental)]
    public async Task A_pattern_whose_tables_the_exclusions_all_leave_out_is_refused_in_every_mode(TaskMode mode)
    {
        var database = DatabaseNames.Unique("excl");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.tmp_1 (id INT PRIMARY KEY); CREATE TABLE `{database}`.t (id INT PRIMARY KEY)", CancellationToken.None);
        var task = TestTasks.For(pair, database, mode) with { TablePatterns = [$"{database}.t", $"{database}.tmp_*", $"!{database}.tmp_*"] };
        task = task with { Tables = Core.Filtering.TableFilter.Parse(task.TablePatterns) };

        var error = await Assert.ThrowsAsync<TandemException>(() => new TaskRunner(task, new ReplicationMetrics(task.Name), NullLogger.Instance).RunAsync(CancellationToken.None).WaitAsync(Bounded));

        Assert.Contains($"'{database}.tmp_*' matches only tables the task's exclusions leave out ({database}.tmp_1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("fix `tables`", error.Hint, StringComparison.Ordinal);
        await AssertNotOnTargetAsync(database);
    }

    [Fact]
    public async Task A_streaming_task_on_an_empty_database_warns_and_replicates_the_tables_created_later()
    {
        var database = DatabaseNames.Unique("later");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`", CancellationToken.None);
        var task = TestTasks.For(pair, database);
        var logger = new RecordingLogger();
        using var stop = new CancellationTokenSource();
        var running = new TaskRunner(task, new ReplicationMetrics(task.Name), logger).RunAsync(stop.Token);
        Assert.True(
            await Eventually.TrueWithinAsync(() => logger.Messages.Any(m => m.Contains($"table pattern '{database}.*' matches no table", StringComparison.Ordinal)) || running.IsCompleted, TimeSpan.FromMinutes(1)),
            "no warning that the pattern matches no table yet");
        Assert.False(running.IsCompleted, "the task ended instead of waiting for tables");
        await pair.Source.ExecuteSqlAsync($"CREATE TABLE `{database}`.t (id INT PRIMARY KEY); INSERT INTO `{database}`.t VALUES (1), (2)", CancellationToken.None);
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);

        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_link_whose_pattern_matches_no_database_is_refused_naming_it()
    {
        var database = DatabaseNames.Unique("lnk");
        var link = new LinkDefinition
        {
            Name = database,
            Channel = Links.LinkFiles.NextChannel(),
            Servers = [KeyValuePair.Create("a", pair.Source.Uri), KeyValuePair.Create("b", pair.Target.Uri)],
            TablePatterns = [$"{database}.*"],
            Tables = Core.Filtering.TableFilter.Parse([$"{database}.*"]),
            Directions =
            [
                new LinkDirection { From = "a", To = "b", Mode = TaskMode.FullAndIncremental, Ddl = true, TaskName = $"{database}.a-b" },
                new LinkDirection { From = "b", To = "a", Mode = TaskMode.Incremental, TaskName = $"{database}.b-a" },
            ],
        };

        var error = await Assert.ThrowsAnyAsync<TandemException>(() => new Tandem.Cli.Run.Links.LinkRunner(link, NullLogger.Instance).RunAsync(CancellationToken.None).WaitAsync(Bounded).WaitAsync(TimeSpan.FromMinutes(2)));

        Assert.Contains($"table pattern '{database}.*' matches no database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_user_without_replication_slave_is_refused_before_the_copy_with_the_grant_to_run()
    {
        var database = DatabaseNames.Unique("nors");
        var user = database;
        await pair.Source.ExecuteSqlAsync(
            $"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY); " +
            $"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw'; GRANT SELECT, RELOAD, BINLOG MONITOR ON *.* TO '{user}'@'%';",
            CancellationToken.None);
        var task = TestTasks.For(pair, database) with { Source = $"mysql://{user}:pw@127.0.0.1:{pair.Source.Port}" };

        var error = await Assert.ThrowsAsync<TandemException>(() => new TaskRunner(task, new ReplicationMetrics(task.Name), NullLogger.Instance).RunAsync(CancellationToken.None).WaitAsync(Bounded));

        Assert.Contains($"the source user '{user}'@'%'", error.Message, StringComparison.Ordinal);
        Assert.Contains("lacks REPLICATION SLAVE (to read the binlog)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"GRANT REPLICATION SLAVE ON *.* TO '{user}'@'%';", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("password", error.Hint, StringComparison.Ordinal);
        await AssertNotOnTargetAsync(database);
    }

    [Fact]
    public async Task A_source_user_without_the_binlog_monitor_privilege_is_refused_naming_it()
    {
        var database = DatabaseNames.Unique("nomon");
        var user = database;
        await pair.Source.ExecuteSqlAsync(
            $"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY); " +
            $"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw'; GRANT SELECT, RELOAD, REPLICATION SLAVE ON *.* TO '{user}'@'%';",
            CancellationToken.None);
        var task = TestTasks.For(pair, database, TaskMode.Incremental) with { Source = $"mysql://{user}:pw@127.0.0.1:{pair.Source.Port}" };

        var error = await Assert.ThrowsAsync<TandemException>(() => new TaskRunner(task, new ReplicationMetrics(task.Name), NullLogger.Instance).RunAsync(CancellationToken.None).WaitAsync(Bounded));

        Assert.Contains("lacks BINLOG MONITOR (to read the binlog position with SHOW MASTER STATUS)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"GRANT BINLOG MONITOR ON *.* TO '{user}'@'%';", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_user_without_insert_is_refused_naming_the_privilege_and_the_databases()
    {
        var database = DatabaseNames.Unique("noins");
        var user = database;
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY)", CancellationToken.None);
        await pair.Target.ExecuteSqlAsync(
            $"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw'; GRANT SELECT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX ON *.* TO '{user}'@'%';",
            CancellationToken.None);
        var task = TestTasks.For(pair, database) with { Target = $"mysql://{user}:pw@127.0.0.1:{pair.Target.Port}" };

        var error = await Assert.ThrowsAsync<TandemException>(() => new TaskRunner(task, new ReplicationMetrics(task.Name), NullLogger.Instance).RunAsync(CancellationToken.None).WaitAsync(Bounded));

        Assert.Contains($"the target user '{user}'@'%'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"lacks INSERT on {database}, tandem_meta", error.Message, StringComparison.Ordinal);
        Assert.Contains($"GRANT INSERT ON `{database}`.* TO '{user}'@'%';", error.Hint, StringComparison.Ordinal);
        Assert.Contains($"GRANT INSERT ON `tandem_meta`.* TO '{user}'@'%';", error.Hint, StringComparison.Ordinal);
        await AssertNotOnTargetAsync(database);
    }

    [Fact]
    public async Task A_target_user_with_the_privileges_on_its_databases_only_is_accepted()
    {
        var database = DatabaseNames.Unique("dbgrant");
        var user = database;
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY); INSERT INTO `{database}`.t VALUES (1)", CancellationToken.None);
        await pair.Target.ExecuteSqlAsync(
            $"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw'; GRANT ALL ON `{database}`.* TO '{user}'@'%'; GRANT ALL ON `tandem\\_meta`.* TO '{user}'@'%';",
            CancellationToken.None);
        var task = TestTasks.For(pair, database, TaskMode.Full) with { Target = $"mysql://{user}:pw@127.0.0.1:{pair.Target.Port}" };

        await new TaskRunner(task, new ReplicationMetrics(task.Name), NullLogger.Instance).RunAsync(CancellationToken.None).WaitAsync(Bounded);

        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
    }

    [Fact]
    public async Task A_privilege_error_at_run_time_names_the_privilege_and_the_grant()
    {
        var database = DatabaseNames.Unique("rtpriv");
        var user = database;
        await pair.Target.ExecuteSqlAsync(
            $"CREATE DATABASE `{database}`; CREATE TABLE `{database}`.t (id INT PRIMARY KEY); CREATE USER '{user}'@'%' IDENTIFIED BY 'pw'; GRANT SELECT ON `{database}`.* TO '{user}'@'%';",
            CancellationToken.None);
        await using var connection = await MySqlConnection.OpenAsync($"mysql://{user}:pw@127.0.0.1:{pair.Target.Port}");

        var insert = await Assert.ThrowsAsync<MySqlServerException>(() => connection.ExecuteAsync($"INSERT INTO `{database}`.t VALUES (1)"));
        var create = await Assert.ThrowsAsync<MySqlServerException>(() => connection.ExecuteAsync("CREATE DATABASE IF NOT EXISTS tandem_meta_denied"));

        Assert.Equal(1142, insert.ErrorCode);
        Assert.True(insert.Hint?.Contains($"GRANT INSERT ON `{database}`.`t` TO '{user}'@'127.0.0.1';", StringComparison.Ordinal), $"{insert.Message} | {insert.Hint}");
        Assert.Contains("CURRENT_USER()", insert.Hint, StringComparison.Ordinal);
        Assert.Equal(1044, create.ErrorCode);
        Assert.Contains("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX ON `tandem_meta_denied`.*", create.Hint, StringComparison.Ordinal);
    }

    private async Task AssertNotOnTargetAsync(string database)
    {
        await using var target = await MySqlConnection.OpenAsync(pair.Target.Uri);
        Assert.Null(await target.QueryScalarAsync($"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{database}'"));
    }
}
