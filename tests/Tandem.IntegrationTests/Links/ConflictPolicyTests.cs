using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Tandem.MySql.Protocol;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Links;

/// <summary>
/// The same rows changed on both sides at once (while the link is stopped, so each side's change meets the other's),
/// for each conflict policy: both sides reach the documented rows, and tandem_meta.conflicts holds both images.
/// </summary>
[Collection(LinkServersCollection.Name)]
public sealed class ConflictPolicyTests
{
    private readonly LinkServersFixture _servers;
    private readonly ITestOutputHelper _output;

    public ConflictPolicyTests(LinkServersFixture servers, ITestOutputHelper output)
    {
        _servers = servers;
        _output = output;
    }

    /// <summary>Rows after the conflicts: id → v, or null when deleted.</summary>
    private static readonly Dictionary<int, string?> AllFromA = new() { [1] = "a1", [2] = "a2", [3] = null, [5] = "a5", [6] = "same", [100] = "a100" };

    [Fact]
    public async Task LastWriterWinsKeepsTheNewestWriteOnBothSides()
    {
        var expected = new Dictionary<int, string?> { [1] = "b1", [2] = "a2", [3] = null, [5] = "a5", [6] = "same", [100] = "b100" };
        var (a, b, conflicts) = await RunAsync("lww", "conflicts: {policy: last-writer-wins, column: updated_at}", "");
        Assert.Equal(expected, a);
        Assert.Equal(expected, b);

        // Each side met each conflict once: rows 1, 2, 5 (update_differs), 100 (insert_exists), 3 (a deleted what b
        // updated: delete_differs on b, update_missing on a). Row 6 was changed alike on both sides: no conflict. Row 5
        // is a tie, which goes to a (its name sorts first); row 3's delete beats the update.
        string[] decided =
        [
            "a:1:update_differs:applied", "a:2:update_differs:skipped", "a:3:update_missing:skipped", "a:5:update_differs:skipped", "a:100:insert_exists:applied",
            "b:1:update_differs:skipped", "b:2:update_differs:applied", "b:3:delete_differs:applied", "b:5:update_differs:applied", "b:100:insert_exists:skipped",
        ];
        Assert.Equal(decided.Order(StringComparer.Ordinal), conflicts.Select(static c => $"{c.Side}:{c.Id}:{c.Kind}:{c.Decision}").Order(StringComparer.Ordinal));
        Assert.All(conflicts, static c => Assert.NotNull(c.TargetRow ?? c.SourceBefore));
        var row1OnB = conflicts.Single(static c => c.Side == "b" && c.Id == 1);
        Assert.Contains("\"a1\"", row1OnB.SourceAfter, StringComparison.Ordinal);
        Assert.Contains("\"b1\"", row1OnB.TargetRow, StringComparison.Ordinal);
        Assert.Contains("\"v0\"", row1OnB.SourceBefore, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceWinsOneWayAndTargetWinsTheOtherMakeOneServerWin()
    {
        var (a, b, conflicts) = await RunAsync("swins", "conflicts: {policy: source-wins}", "conflicts: {policy: target-wins}");
        Assert.Equal(AllFromA, a);
        Assert.Equal(AllFromA, b);
        Assert.All(conflicts.Where(static c => c.Side == "b"), static c => Assert.Equal("applied", c.Decision));
        Assert.All(conflicts.Where(static c => c.Side == "a"), static c => Assert.Equal("skipped", c.Decision));
        Assert.Equal(5, conflicts.Count(static c => c.Side == "b"));
    }

    [Fact]
    public async Task TargetWinsKeepsEachSidesOwnWriteAndLogsBothImages()
    {
        var (a, b, conflicts) = await RunAsync("twins", "conflicts: {policy: target-wins}", "");
        Assert.Equal(AllFromA, a);
        Assert.Equal(new Dictionary<int, string?> { [1] = "b1", [2] = "b2", [3] = "b3", [5] = "b5", [6] = "same", [100] = "b100" }, b);
        Assert.Equal(10, conflicts.Count);
        Assert.All(conflicts, static c => Assert.Equal("skipped", c.Decision));
    }

    [Fact]
    public async Task LogAppliesTheIncomingChangeAndRecordsIt()
    {
        var (a, b, conflicts) = await RunAsync("logp", "conflicts: {policy: log}", "");

        // Each side took the other's write: the rows swapped, and every decision is in the log to repair from.
        Assert.Equal(new Dictionary<int, string?> { [1] = "b1", [2] = "b2", [3] = "b3", [5] = "b5", [6] = "same", [100] = "b100" }, a);
        Assert.Equal(new Dictionary<int, string?> { [1] = "a1", [2] = "a2", [3] = null, [5] = "a5", [6] = "same", [100] = "a100" }, b);
        Assert.Equal(10, conflicts.Count);
        Assert.All(conflicts, static c => Assert.Equal("log", c.Policy));
    }

    [Fact]
    public async Task StopEndsTheLinkBeforeWritingAndNamesTheRow()
    {
        var (a, b, conflicts, output, exit) = await RunCoreAsync("stopp", "conflicts: {policy: stop}", "");
        Assert.Equal(1, exit);
        Assert.Contains("the conflict policy is stop", output, StringComparison.Ordinal);
        Assert.Contains("tandem_meta.conflicts", output, StringComparison.Ordinal);

        // Nothing of the conflicting batches was written: each side still holds its own rows.
        Assert.Equal(AllFromA, a);
        Assert.Equal("b1", b[1]);
        Assert.NotEmpty(conflicts);
        Assert.All(conflicts, static c => Assert.Equal("stopped", c.Decision));
    }

    private async Task<(Dictionary<int, string?> A, Dictionary<int, string?> B, List<Conflict> Conflicts)> RunAsync(string prefix, string linkConflicts, string reverseConflicts)
    {
        var (a, b, conflicts, output, exit) = await RunCoreAsync(prefix, linkConflicts, reverseConflicts);
        Assert.True(exit == 0, output);
        return (a, b, conflicts);
    }

    private async Task<(Dictionary<int, string?> A, Dictionary<int, string?> B, List<Conflict> Conflicts, string Output, int Exit)> RunCoreAsync(string prefix, string linkConflicts, string reverseConflicts)
    {
        var database = DatabaseNames.Unique(prefix);
        var servers = new List<(string Name, string Uri)> { ("a", _servers.A.Uri), ("b", _servers.B.Uri) };
        foreach (var (_, uri) in servers)
        {
            await LinkWait.ExecuteAsync(uri,
                $"CREATE DATABASE {database}",
                $"CREATE TABLE {database}.t (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL, updated_at TIMESTAMP(6) NOT NULL DEFAULT '2030-01-01 00:00:00')",
                $"INSERT INTO {database}.t VALUES (1, 'v0', '2030-01-01 00:00:00'), (2, 'v0', '2030-01-01 00:00:00'), (3, 'v0', '2030-01-01 00:00:00'), (5, 'v0', '2030-01-01 00:00:00'), (6, 'v0', '2030-01-01 00:00:00')");
        }

        var link = database.Replace('_', '-');
        var reverse = reverseConflicts.Length == 0 ? "{from: b, to: a}" : $"{{from: b, to: a, {reverseConflicts}}}";
        var file = LinkFiles.Write(link, servers, $"{database}.*", ["{from: a, to: b, ddl: true}", reverse], linkConflicts);
        var directions = new[] { ("a", "b"), ("b", "a") };

        // First run: both directions start streaming from here, then stop.
        using (var first = TandemProcess.Run(file))
        {
            await LinkWait.UntilQuietAsync(link, servers, directions, first);
            Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(60)));
        }

        // The same rows changed on both sides while no direction runs: each change will meet the other.
        await LinkWait.ExecuteAsync(_servers.A.Uri,
            $"UPDATE {database}.t SET v = 'a1', updated_at = '2030-01-01 00:00:01' WHERE id = 1",
            $"UPDATE {database}.t SET v = 'a2', updated_at = '2030-01-01 00:00:03' WHERE id = 2",
            $"DELETE FROM {database}.t WHERE id = 3",
            $"UPDATE {database}.t SET v = 'a5', updated_at = '2030-01-01 00:00:04' WHERE id = 5",
            $"UPDATE {database}.t SET v = 'same', updated_at = '2030-01-01 00:00:09' WHERE id = 6",
            $"INSERT INTO {database}.t VALUES (100, 'a100', '2030-01-01 00:00:01')");
        await LinkWait.ExecuteAsync(_servers.B.Uri,
            $"UPDATE {database}.t SET v = 'b1', updated_at = '2030-01-01 00:00:02' WHERE id = 1",
            $"UPDATE {database}.t SET v = 'b2', updated_at = '2030-01-01 00:00:01' WHERE id = 2",
            $"UPDATE {database}.t SET v = 'b3', updated_at = '2030-01-01 00:00:05' WHERE id = 3",
            $"UPDATE {database}.t SET v = 'b5', updated_at = '2030-01-01 00:00:04' WHERE id = 5",
            $"UPDATE {database}.t SET v = 'same', updated_at = '2030-01-01 00:00:09' WHERE id = 6",
            $"INSERT INTO {database}.t VALUES (100, 'b100', '2030-01-01 00:00:02')");

        using var second = TandemProcess.Run(file);
        int exit;
        if (linkConflicts.Contains("stop", StringComparison.Ordinal))
        {
            await second.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            exit = await second.StopAsync(TimeSpan.FromSeconds(5));
        }
        else
        {
            await LinkWait.UntilQuietAsync(link, servers, directions, second);
            exit = await second.StopAsync(TimeSpan.FromSeconds(60));
        }

        _output.WriteLine(second.Output);
        var conflicts = new List<Conflict>();
        foreach (var (name, uri) in servers)
            conflicts.AddRange(await ConflictsAsync(name, uri, database));
        foreach (var conflict in conflicts)
            _output.WriteLine(conflict.ToString());
        return (await RowsAsync(_servers.A.Uri, database), await RowsAsync(_servers.B.Uri, database), conflicts, second.Output, exit);
    }

    private static async Task<Dictionary<int, string?>> RowsAsync(string uri, string database)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await using var reader = await connection.QueryAsync($"SELECT id, v FROM {database}.t ORDER BY id");
        var rows = new Dictionary<int, string?> { [3] = null };
        while (await reader.ReadAsync())
            rows[(int)reader.GetInt64(0)] = reader.GetString(1);
        return rows;
    }

    private static async Task<List<Conflict>> ConflictsAsync(string side, string uri, string database)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await using var reader = await connection.QueryAsync(
            $"SELECT JSON_VALUE(row_key, '$.id'), kind, decision, policy, source_before, source_after, target_row FROM tandem_meta.conflicts WHERE db = '{database}' ORDER BY id");
        var conflicts = new List<Conflict>();
        while (await reader.ReadAsync())
            conflicts.Add(new Conflict(side, int.Parse(reader.GetString(0)!, System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1)!, reader.GetString(2)!, reader.GetString(3)!, reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        return conflicts;
    }

    private sealed record Conflict(string Side, int Id, string Kind, string Decision, string Policy, string? SourceBefore, string? SourceAfter, string? TargetRow);
}
