using Tandem.Cli.Run;
using Tandem.Core.Errors;
using Tandem.Core.Replication;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Replication;

/// <summary>What `tandem run` refuses before it writes anything.</summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class PreflightTests(ReplicationPairFixture pair)
{
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
}
