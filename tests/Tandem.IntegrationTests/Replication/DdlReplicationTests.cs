using Xunit.Abstractions;
using Tandem.Cli.Run;
using Tandem.Core.Replication;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Replication;

/// <summary>DDL mid-stream: each statement reaches the target in order and rows written around it keep flowing.</summary>
[Collection(ReplicationPairCollection.Name)]
public sealed class DdlReplicationTests(ReplicationPairFixture pair, ITestOutputHelper output)
{
    [Fact]
    public async Task Add_column_add_index_and_rename_table_replicate_while_rows_keep_flowing()
    {
        var database = DatabaseNames.Unique("ddl");
        await pair.Source.ExecuteSqlAsync($"CREATE DATABASE `{database}`", CancellationToken.None);
        await using var source = await MySqlConnection.OpenAsync($"{pair.Source.Uri}/{database}");
        await source.ExecuteAsync("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(40) NOT NULL, total DECIMAL(12,2))");
        await source.ExecuteAsync("CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)");
        await source.ExecuteAsync("INSERT INTO orders VALUES (1, 'ann', 10.50), (2, 'bob', 20.00)");

        var task = TestTasks.For(pair, database);
        using var stop = new CancellationTokenSource();
        var running = new TaskRunner(task, new ReplicationMetrics(task.Name), new TestOutputLogger(output, "task")).RunAsync(stop.Token);
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);

        // A second connection keeps writing between the DDL statements.
        using var writing = new CancellationTokenSource();
        var writer = WriteNotesAsync($"{pair.Source.Uri}/{database}", writing.Token);
        await source.ExecuteAsync("INSERT INTO orders VALUES (3, 'cy', 1.00)");
        await source.ExecuteAsync("ALTER TABLE orders ADD COLUMN status VARCHAR(10) NOT NULL DEFAULT 'new' AFTER customer");
        await source.ExecuteAsync("INSERT INTO orders VALUES (4, 'dee', 'paid', 4.00)");
        await source.ExecuteAsync("UPDATE orders SET status = 'sent' WHERE id = 1");
        await source.ExecuteAsync("ALTER TABLE orders ADD INDEX by_customer (customer, status)");
        await source.ExecuteAsync("INSERT INTO orders VALUES (5, 'eve', 'new', 5.00)");
        await source.ExecuteAsync("RENAME TABLE orders TO purchases");
        await source.ExecuteAsync("INSERT INTO purchases VALUES (6, 'fay', 'new', 6.00)");
        await source.ExecuteAsync("UPDATE purchases SET total = total * 2 WHERE id <= 3");
        await source.ExecuteAsync("DELETE FROM purchases WHERE id = 2");
        await writing.CancelAsync();
        var notes = await writer;
        Assert.True(notes > 0);

        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);
        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);
        await using var target = await MySqlConnection.OpenAsync($"{pair.Target.Uri}/{database}");
        Assert.Equal(
            await ShowCreateAsync(source, "purchases"),
            await ShowCreateAsync(target, "purchases"));
        Assert.Equal(notes, Convert.ToInt64(await target.QueryScalarAsync("SELECT COUNT(*) FROM notes"), System.Globalization.CultureInfo.InvariantCulture));
        await stop.CancelAsync();
        await running;
    }

    private static async Task<long> WriteNotesAsync(string uri, CancellationToken ct)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri, CancellationToken.None);
        long written = 0;
        while (!ct.IsCancellationRequested || written < 50)
        {
            await connection.ExecuteAsync($"INSERT INTO notes VALUES ({written + 1}, REPEAT('n', {written % 300}))", CancellationToken.None);
            written++;
        }

        return written;
    }

    private static async Task<string> ShowCreateAsync(MySqlConnection connection, string table)
    {
        await using var reader = await connection.QueryAsync($"SHOW CREATE TABLE `{table}`");
        Assert.True(await reader.ReadAsync());
        return System.Text.RegularExpressions.Regex.Replace(reader.GetString(1)!, @" AUTO_INCREMENT=\d+", string.Empty);
    }
}
