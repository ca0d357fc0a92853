using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Tandem.MySql.Protocol;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Links;

/// <summary>DDL flows one way only; partial-column mode; a stuck sink is reported as a stalled direction.</summary>
[Collection(LinkServersCollection.Name)]
public sealed class LinkDdlAndColumnsTests
{
    private readonly LinkServersFixture _servers;
    private readonly ITestOutputHelper _output;

    public LinkDdlAndColumnsTests(LinkServersFixture servers, ITestOutputHelper output)
    {
        _servers = servers;
        _output = output;
    }

    private List<(string Name, string Uri)> Pair => [("a", _servers.A.Uri), ("b", _servers.B.Uri)];

    [Fact]
    public async Task DdlOnTheOwningSideReachesTheOtherAndDdlOnTheOtherSideIsReported()
    {
        var database = DatabaseNames.Unique("ddl");
        await LinkWait.ExecuteAsync(_servers.A.Uri, $"CREATE DATABASE {database}", $"CREATE TABLE {database}.t (id INT PRIMARY KEY, v INT)", $"INSERT INTO {database}.t VALUES (1, 1)");
        var link = database.Replace('_', '-');
        var file = LinkFiles.Write(link, Pair, $"{database}.*", ["{from: a, to: b, mode: full+incremental, ddl: true}", "{from: b, to: a, mode: incremental}"]);
        using var tandem = TandemProcess.Run(file);
        try
        {
            await LinkWait.UntilQuietAsync(link, Pair, [("a", "b"), ("b", "a")], tandem);

            // DDL on a (ddl: true from a): applied on b, and its echo in b's binlog is never sent back (a second ADD COLUMN
            // on a would fail the link).
            await LinkWait.ExecuteAsync(_servers.A.Uri, $"ALTER TABLE {database}.t ADD COLUMN note VARCHAR(20) NULL");
            await LinkWait.ExecuteAsync(_servers.A.Uri, $"INSERT INTO {database}.t VALUES (2, 2, 'from a')");
            await LinkWait.UntilScalarAsync(_servers.B.Uri, $"SELECT note FROM {database}.t WHERE id = 2", "from a", tandem);
            await LinkWait.ExecuteAsync(_servers.B.Uri, $"INSERT INTO {database}.t VALUES (3, 3, 'from b')");
            await LinkWait.UntilScalarAsync(_servers.A.Uri, $"SELECT note FROM {database}.t WHERE id = 3", "from b", tandem);
            Assert.Equal(await CreateTableAsync(_servers.A.Uri, database), await CreateTableAsync(_servers.B.Uri, database));

            // DDL on b (no ddl from b): reported with its statement, not applied on a, and the link goes on.
            await LinkWait.ExecuteAsync(_servers.B.Uri, $"ALTER TABLE {database}.t ADD INDEX by_v (v)");
            await LinkWait.ExecuteAsync(_servers.B.Uri, $"INSERT INTO {database}.t VALUES (4, 4, 'after')");
            await LinkWait.UntilScalarAsync(_servers.A.Uri, $"SELECT note FROM {database}.t WHERE id = 4", "after", tandem);
            Assert.Contains("is not replicated to a", tandem.Output, StringComparison.Ordinal);
            Assert.Contains("ADD INDEX by_v (v)", tandem.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("by_v", await CreateTableAsync(_servers.A.Uri, database), StringComparison.Ordinal);
            Assert.Equal(0, await tandem.StopAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            _output.WriteLine(tandem.Output);
        }
    }

    [Fact]
    public async Task PartialColumnsWriteTheColumnsBothSidesHave()
    {
        var database = DatabaseNames.Unique("partial");

        // a has `legacy`, b lacks it; b has `region` with a default, a lacks it.
        await LinkWait.ExecuteAsync(_servers.A.Uri, $"CREATE DATABASE {database}", $"CREATE TABLE {database}.t (id INT PRIMARY KEY, v VARCHAR(10), legacy INT)");
        await LinkWait.ExecuteAsync(_servers.B.Uri, $"CREATE DATABASE {database}", $"CREATE TABLE {database}.t (id INT PRIMARY KEY, v VARCHAR(10), region VARCHAR(10) NOT NULL DEFAULT 'eu')");
        var link = database.Replace('_', '-');
        var file = LinkFiles.Write(link, Pair, $"{database}.*", ["{from: a, to: b}", "{from: b, to: a}"], "partial_columns: true");
        using var tandem = TandemProcess.Run(file);
        try
        {
            await LinkWait.UntilQuietAsync(link, Pair, [("a", "b"), ("b", "a")], tandem);
            await LinkWait.ExecuteAsync(_servers.A.Uri, $"INSERT INTO {database}.t VALUES (1, 'one', 7)", $"UPDATE {database}.t SET v = 'uno' WHERE id = 1");
            await LinkWait.ExecuteAsync(_servers.B.Uri, $"INSERT INTO {database}.t VALUES (2, 'two', 'us')");
            await LinkWait.UntilScalarAsync(_servers.B.Uri, $"SELECT CONCAT(v, '/', region) FROM {database}.t WHERE id = 1", "uno/eu", tandem);
            await LinkWait.UntilScalarAsync(_servers.A.Uri, $"SELECT CONCAT(v, '/', IFNULL(legacy, 'null')) FROM {database}.t WHERE id = 2", "two/null", tandem);
            Assert.Equal(0, await tandem.StopAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("lacks legacy", tandem.Output, StringComparison.Ordinal);
        }
        finally
        {
            _output.WriteLine(tandem.Output);
        }
    }

    [Fact]
    public async Task AStuckTargetIsReportedAsAStalledDirection()
    {
        var database = DatabaseNames.Unique("stall");
        foreach (var (_, uri) in Pair)
            await LinkWait.ExecuteAsync(uri, $"CREATE DATABASE {database}", $"CREATE TABLE {database}.t (id INT PRIMARY KEY)");
        var link = database.Replace('_', '-');
        var file = LinkFiles.Write(link, Pair, $"{database}.*", ["{from: a, to: b}", "{from: b, to: a}"], "heartbeat_interval: 200ms\nstall_after: 2s");
        using var tandem = TandemProcess.Run(file);
        try
        {
            await LinkWait.UntilQuietAsync(link, Pair, [("a", "b"), ("b", "a")], tandem);
            await Eventually.TrueWithinAsync(() => tandem.Output.Contains("heartbeat_lag=0.", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            // A lock on b's heartbeat row holds every apply of a→b: the origin keeps writing, nothing arrives.
            await using (var blocker = await MySqlConnection.OpenAsync(_servers.B.Uri))
            {
                await blocker.ExecuteAsync("BEGIN");
                await blocker.ExecuteAsync($"SELECT * FROM tandem_meta.heartbeat WHERE link = '{link}' FOR UPDATE");
                Assert.True(await Eventually.TrueWithinAsync(() => tandem.Output.Contains("a→b is stalled", StringComparison.Ordinal), TimeSpan.FromSeconds(30)), tandem.Output);
                await blocker.ExecuteAsync("ROLLBACK");
            }

            Assert.True(await Eventually.TrueWithinAsync(() => tandem.Output.Contains("a→b: heartbeats arrive again", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), tandem.Output);
            Assert.Equal(0, await tandem.StopAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            _output.WriteLine(tandem.Output);
        }
    }

    private static async Task<string> CreateTableAsync(string uri, string database)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await using var reader = await connection.QueryAsync($"SHOW CREATE TABLE {database}.t");
        Assert.True(await reader.ReadAsync());
        return reader.GetString(1)!;
    }
}
