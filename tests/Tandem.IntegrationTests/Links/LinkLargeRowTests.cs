using System.Globalization;
using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Tandem.MySql.Protocol;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Links;

/// <summary>
/// A link's conflict check reads each row's before-image against the target in a lookup statement. A 20 MiB BLOB and 8
/// MiB of text are compared by their SHA-256 there, not as literals (which took twice their size and outgrew a 32 MiB
/// max_allowed_packet), and the row itself is written as long data: the update arrives, and no false conflict is logged.
/// </summary>
[Collection(LinkServersCollection.Name)]
public sealed class LinkLargeRowTests(LinkServersFixture servers, ITestOutputHelper output)
{
    [Fact]
    public async Task A_row_larger_than_the_targets_packet_as_literals_replicates_without_a_conflict()
    {
        var database = DatabaseNames.Unique("linkbig");
        List<(string Name, string Uri)> pair = [("a", servers.A.Uri), ("b", servers.B.Uri)];
        await LinkWait.ExecuteAsync(servers.A.Uri, $"CREATE DATABASE {database}", $"CREATE TABLE {database}.t (id INT PRIMARY KEY, note VARCHAR(20), b LONGBLOB, tx LONGTEXT CHARACTER SET utf8mb4)");
        await using var b = await MySqlConnection.OpenAsync(servers.B.Uri);
        var packet = await b.QueryScalarAsync("SELECT @@GLOBAL.max_allowed_packet");
        await b.ExecuteAsync($"SET GLOBAL max_allowed_packet = {32 << 20}");
        var link = database.Replace('_', '-');
        var file = LinkFiles.Write(link, pair, $"{database}.*", ["{from: a, to: b, mode: full+incremental, ddl: true}", "{from: b, to: a, mode: incremental}"]);
        using var tandem = TandemProcess.Run(file);
        try
        {
            await LinkWait.UntilQuietAsync(link, pair, [("a", "b"), ("b", "a")], tandem);
            await LinkWait.ExecuteAsync(servers.A.Uri,
                $"INSERT INTO {database}.t VALUES (1, 'inserted', REPEAT(X'00FF275C', 5 * 1024 * 1024), REPEAT('😀', 2 * 1024 * 1024))",
                $"UPDATE {database}.t SET note = 'updated' WHERE id = 1");
            await LinkWait.UntilScalarAsync(servers.B.Uri, $"SELECT note FROM {database}.t WHERE id = 1", "updated", tandem, TimeSpan.FromMinutes(3));

            var digest = $"SELECT CONCAT(LENGTH(b), ':', SHA2(b, 256), ':', LENGTH(tx), ':', SHA2(tx, 256)) FROM {database}.t WHERE id = 1";
            await using var a = await MySqlConnection.OpenAsync(servers.A.Uri);
            Assert.Equal(await a.QueryScalarAsync(digest), await b.QueryScalarAsync(digest));
            Assert.Equal(0L, Convert.ToInt64(await b.QueryScalarAsync($"SELECT COUNT(*) FROM tandem_meta.conflicts WHERE db = '{database}'"), CultureInfo.InvariantCulture));
            Assert.Equal(0, await tandem.StopAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            await b.ExecuteAsync($"SET GLOBAL max_allowed_packet = {packet}");
            output.WriteLine(tandem.Output.Length > 6000 ? tandem.Output[^6000..] : tandem.Output);
        }
    }
}
