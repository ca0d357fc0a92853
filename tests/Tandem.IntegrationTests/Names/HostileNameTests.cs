using System.Globalization;
using System.Text.Json;
using Tandem.Cli.Run;
using Tandem.Core.Filtering;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.Core.Text;
using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Cli;
using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Tandem.IntegrationTests.Verify;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Names;

/// <summary>
/// Tables, columns and a database named with <see cref="HostileNames"/>, created on real MariaDB servers and taken
/// through <c>tandem verify --fix-sql</c> (the file then run by the <c>mariadb</c> client and by Tandem's own),
/// <c>--fix</c>, <c>tandem run</c> (copy and stream, with and without routes, DDL included) and <c>tandem tail</c>:
/// a database named "victim" that the names try to drop is still there, the tables end equal, and every line of output
/// is one line with nothing a terminal would act on.
/// </summary>
[Collection(VerifyPairCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileNameTests(ReplicationPairFixture pair, ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tandem-hostile-test-").FullName;
    private readonly string _unique = Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Victim => $"victim_{_unique}";

    private static string Q(string identifier) => SqlLiteral.QuoteIdentifier(identifier);

    private static string Keyless(string victim) => $"keyless\n-- DROP DATABASE {victim}";

    [Fact]
    public async Task The_fix_sql_file_runs_in_the_mariadb_client_and_in_tandems_without_dropping_the_victim()
    {
        var database = HostileNames.Database("fix" + _unique);
        await using var source = await MySqlConnection.OpenAsync(pair.Source.Uri);
        await using var target = await MySqlConnection.OpenAsync(pair.Target.Uri);
        await CreateVictimAsync(source);
        await CreateVictimAsync(target);
        await CreateTablesAsync(source, database, keyless: true);
        await LoadSourceAsync(source, database);
        var file = Path.Combine(_directory, "fix.sql");
        string[] verify = ["--source", pair.Source.Uri, "--target", pair.Target.Uri, "--tables", $"{database}.*", "--json", "--chunk-time", "0"];

        foreach (var client in new[] { "mariadb", "tandem", "--fix" })
        {
            await SeedTargetAsync(target, database);

            var different = await VerifyRun.RunAsync([.. verify, "--journal", Path.Combine(_directory, client + ".jsonl"), .. client == "--fix" ? ["--fix"] : new[] { "--fix-sql", file }]);

            Assert.True(different.ExitCode == 1, different.ToString());
            var tables = HostileNames.Tables(Victim).Append(Keyless(Victim)).Select(t => $"{database}.{t}").Order(StringComparer.Ordinal);
            Assert.Equal(tables, different.Report.Tables.Where(static t => t.Value.Result == "different").Select(static t => t.Key).Order(StringComparer.Ordinal));
            if (client != "--fix")
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                var sql = await File.ReadAllTextAsync(file);
                AssertCommentsAreOneLine(sql, database);
                if (client == "mariadb")
                    await pair.Target.ExecuteSqlAsync(sql, CancellationToken.None);
                else
                    await target.ExecuteAsync(sql);
            }

            Assert.True(await ExistsAsync(target, Victim), $"the fix run by {client} dropped {Victim}");
            var equal = await VerifyRun.RunAsync([.. verify, "--journal", Path.Combine(_directory, client + "-again.jsonl")]);
            Assert.True(equal.ExitCode == 0, $"after the fix run by {client}: {equal}");
        }
    }

    [Fact]
    public async Task Run_copies_and_streams_hostile_names_with_and_without_routes_to_identical_tables()
    {
        var database = HostileNames.Database("run" + _unique);
        // Routes refuse a target database with a backquote or a wildcard; the rest of the hostile name stays.
        var routed = HostileNames.Database("rtd" + _unique).Replace("`", string.Empty, StringComparison.Ordinal);
        await using var source = await MySqlConnection.OpenAsync(pair.Source.Uri);
        await using var target = await MySqlConnection.OpenAsync(pair.Target.Uri);
        await CreateVictimAsync(target);
        await CreateTablesAsync(source, database, keyless: false);
        await LoadSourceAsync(source, database);

        // One task at a time: tasks of one process register with the source under the same server id.
        var round = 0;
        foreach (var (task, targetDatabase) in new[]
        {
            (TaskFor(database, $"hostile_id_{_unique}", []), database),
            (TaskFor(database, $"hostile_rt_{_unique}", [new TableRoute($"{database}.*", routed, null)]), routed),
        })
        {
            round++;
            using var stop = new CancellationTokenSource();
            var running = new TaskRunner(task, new ReplicationMetrics(task.Name), new TestOutputLogger(output, task.Name)).RunAsync(stop.Token);
            await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);

            await StreamAsync(source, database, round);
            await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, task.Name, running);

            await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, targetDatabase);
            Assert.Equal(HostileNames.Tables(Victim).Count + round, (await TableComparison.TablesAsync(pair.Target.Uri, targetDatabase)).Count);
            Assert.True(await ExistsAsync(target, Victim), $"{task.Name} dropped {Victim}");
            await stop.CancelAsync();
            await running;
        }
    }

    /// <summary>
    /// Changes for the stream: in every table inserts, updates (a key change among them) and a delete; then DDL naming
    /// hostile tables and columns (ADD COLUMN, RENAME TABLE, CREATE TABLE) and rows through it.
    /// </summary>
    private async Task StreamAsync(MySqlConnection source, string database, int round)
    {
        var values = HostileNames.Values(Victim);
        var (k, v, from) = (Q(HostileNames.KeyColumn), Q(HostileNames.ValueColumn), Q(HostileNames.KeywordColumn));
        var tables = await TableComparison.TablesAsync(pair.Source.Uri, database);
        foreach (var table in tables)
        {
            var name = $"{Q(database)}.{Q(table)}";
            await source.ExecuteAsync($"INSERT INTO {name} ({k}, {v}, {from}) VALUES ({round * 1000 + 100}, {SqlLiteral.Quote(values[0])}, 1), ({round * 1000 + 101}, {SqlLiteral.Quote(values[3])}, 2)");
            await source.ExecuteAsync($"UPDATE {name} SET {v} = {SqlLiteral.Quote(values[round])}, {from} = 9 WHERE {k} = 1");
            await source.ExecuteAsync($"UPDATE {name} SET {k} = {round * 1000 + 300} WHERE {k} = {3 + round}");
            await source.ExecuteAsync($"DELETE FROM {name} WHERE {k} = {10 + round}");
        }

        var added = $"c{round}\n`;DROP DATABASE {Victim}; -- */";
        await source.ExecuteAsync($"ALTER TABLE {Q(database)}.{Q(tables[round])} ADD COLUMN {Q(added)} INT DEFAULT 7");
        await source.ExecuteAsync($"UPDATE {Q(database)}.{Q(tables[round])} SET {Q(added)} = 8 WHERE {k} = {round * 1000 + 100}");
        await source.ExecuteAsync($"RENAME TABLE {Q(database)}.{Q(tables[round + 4])} TO {Q(database)}.{Q(tables[round + 4] + "\n" + round)}");
        var created = $"new{round}\n`; DROP DATABASE {Victim}; #";
        await source.ExecuteAsync($"CREATE TABLE {Q(database)}.{Q(created)} ({k} INT PRIMARY KEY, {v} VARCHAR(200), {from} INT)");
        await source.ExecuteAsync($"INSERT INTO {Q(database)}.{Q(created)} VALUES (1, {SqlLiteral.Quote(values[4])}, 1), (2, {SqlLiteral.Quote(values[2])}, 2)");
    }

    [Fact]
    public async Task Tail_prints_every_change_to_a_hostile_table_on_one_line_and_names_exactly_in_json()
    {
        var database = HostileNames.Database("tail" + _unique);
        await using var source = await MySqlConnection.OpenAsync(pair.Source.Uri);
        var start = await CaptureRun.CurrentPositionAsync(pair.Source.Uri);
        var history = Path.Combine(_directory, "history");
        await CaptureRun.InitializeHistoryAsync(pair.Source.Uri, database, start, history);
        await CreateTablesAsync(source, database, keyless: false);
        var tables = HostileNames.Tables(Victim);
        var values = HostileNames.Values(Victim);
        for (var i = 0; i < tables.Count; i++)
        {
            var name = $"{Q(database)}.{Q(tables[i])}";
            await source.ExecuteAsync($"INSERT INTO {name} VALUES (1, {SqlLiteral.Quote(values[i % values.Count])}, 1)");
            await source.ExecuteAsync($"UPDATE {name} SET {Q(HostileNames.ValueColumn)} = {SqlLiteral.Quote(values[(i + 1) % values.Count])}");
            await source.ExecuteAsync($"DELETE FROM {name}");
        }

        var changes = tables.Count * 3;
        foreach (var format in new[] { "text", "json" })
        {
            var run = await CliRun.RunAsync("tail", pair.Source.Uri, "--from-file", start.File, "--from-pos", start.Offset.ToString(CultureInfo.InvariantCulture),
                "--tables", $"{database}.*", "--max-events", changes.ToString(CultureInfo.InvariantCulture), "--format", format,
                "--schema-history", history);

            Assert.True(run.ExitCode == 0, run.AllOutput);
            var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, static line => Assert.False(PrintableText.NeedsEscape(line), $"a raw control character or line separator in: {PrintableText.Escape(line)}"));
            Assert.DoesNotContain('\r', run.Stdout);
            if (format == "text")
            {
                // Every line is one whole change: position, GTID, kind, then the rest.
                Assert.All(lines, static line => Assert.Matches(@"^\S+:\d+ \S+ (insert|update|delete|ddl) ", line));
                Assert.Equal(changes, lines.Count(static l => !l.Split(' ')[2].Equals("ddl", StringComparison.Ordinal)));
                continue;
            }

            var rows = lines.Select(static l => JsonDocument.Parse(l).RootElement).Where(static e => e.GetProperty("type").GetString() != "ddl").ToList();
            Assert.Equal(changes, rows.Count);
            Assert.All(rows, e => Assert.Equal(database, e.GetProperty("db").GetString()));
            Assert.Equal(tables.Order(StringComparer.Ordinal), rows.Select(static e => e.GetProperty("table").GetString()!).Distinct().Order(StringComparer.Ordinal));
            var inserted = rows.First(static e => e.GetProperty("type").GetString() == "insert").GetProperty("after");
            Assert.Equal([HostileNames.KeyColumn, HostileNames.ValueColumn, HostileNames.KeywordColumn], inserted.EnumerateObject().Select(static p => p.Name));
            Assert.Equal(values[0], inserted.GetProperty(HostileNames.ValueColumn).GetString());
        }
    }

    private TaskDefinition TaskFor(string database, string name, IReadOnlyList<TableRoute> routes) => new()
    {
        Name = name,
        Source = pair.Source.Uri,
        Target = pair.Target.Uri,
        TablePatterns = [$"{database}.*"],
        Tables = TableFilter.Parse([$"{database}.*"]),
        Routes = routes,
        Mode = TaskMode.FullAndIncremental,
        CopyThreads = 2,
        WriterThreads = 2,
        ChunkRows = 20,
    };

    private async Task CreateVictimAsync(MySqlConnection connection)
    {
        await connection.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {Q(Victim)}");
        await connection.ExecuteAsync($"CREATE TABLE IF NOT EXISTS {Q(Victim)}.t (id INT PRIMARY KEY)");
    }

    private async Task CreateTablesAsync(MySqlConnection connection, string database, bool keyless)
    {
        await connection.ExecuteAsync($"CREATE DATABASE {Q(database)}");
        foreach (var table in HostileNames.Tables(Victim))
        {
            await connection.ExecuteAsync(
                $"CREATE TABLE {Q(database)}.{Q(table)} ({Q(HostileNames.KeyColumn)} INT PRIMARY KEY, {Q(HostileNames.ValueColumn)} VARCHAR(200), {Q(HostileNames.KeywordColumn)} INT)");
        }

        if (keyless)
            await connection.ExecuteAsync($"CREATE TABLE {Q(database)}.{Q(Keyless(Victim))} ({Q(HostileNames.ValueColumn)} VARCHAR(200), {Q(HostileNames.KeywordColumn)} INT)");
    }

    /// <summary>Rows 1 to 50 in every keyed table, hostile values among them; two rows in the keyless table if there is one.</summary>
    private async Task LoadSourceAsync(MySqlConnection source, string database)
    {
        var values = HostileNames.Values(Victim);
        foreach (var table in HostileNames.Tables(Victim))
        {
            var rows = Enumerable.Range(1, 50).Select(i => $"({i}, {SqlLiteral.Quote(values[i % values.Count])}, {i})");
            await source.ExecuteAsync($"INSERT INTO {Q(database)}.{Q(table)} VALUES {string.Join(", ", rows)}");
        }

        if (await ExistsAsync(source, database, Keyless(Victim)))
            await source.ExecuteAsync($"INSERT INTO {Q(database)}.{Q(Keyless(Victim))} VALUES ({SqlLiteral.Quote(values[1])}, 1), ({SqlLiteral.Quote(values[2])}, 2)");
    }

    /// <summary>The target as a copy of the source with a row missing, a row changed and a row extra in every table.</summary>
    private async Task SeedTargetAsync(MySqlConnection target, string database)
    {
        await target.ExecuteAsync($"DROP DATABASE IF EXISTS {Q(database)}");
        await CreateTablesAsync(target, database, keyless: true);
        var values = HostileNames.Values(Victim);
        foreach (var table in HostileNames.Tables(Victim))
        {
            var rows = Enumerable.Range(1, 50).Where(static i => i != 2).Select(i => $"({i}, {SqlLiteral.Quote(i == 3 ? values[0] + "!" : values[i % values.Count])}, {i})");
            await target.ExecuteAsync($"INSERT INTO {Q(database)}.{Q(table)} VALUES {string.Join(", ", rows)}, (99, {SqlLiteral.Quote(values[5])}, 99)");
        }

        await target.ExecuteAsync($"INSERT INTO {Q(database)}.{Q(Keyless(Victim))} VALUES ({SqlLiteral.Quote(values[1])}, 1), ({SqlLiteral.Quote(values[4])}, 2)");
    }

    /// <summary>Each table's comment line is whole: its names, line breaks and all, are escaped on that one line.</summary>
    private void AssertCommentsAreOneLine(string sql, string database)
    {
        var lines = sql.Split('\n');
        foreach (var table in HostileNames.Tables(Victim).Append(Keyless(Victim)))
        {
            var qualified = $"{Q(database)}.{Q(table)}";
            var comment = SqlLiteral.LineComment($"{qualified} -> {qualified}: ");
            var line = Assert.Single(lines, l => l.StartsWith(comment, StringComparison.Ordinal));
            Assert.False(PrintableText.NeedsEscape(line), PrintableText.Escape(line));
            Assert.DoesNotContain("*/", line, StringComparison.Ordinal);
        }
    }

    private static async Task<bool> ExistsAsync(MySqlConnection connection, string database, string? table = null) =>
        await connection.QueryScalarAsync(table is null
            ? $"SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = {SqlLiteral.Quote(database)}"
            : $"SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = {SqlLiteral.Quote(database)} AND TABLE_NAME = {SqlLiteral.Quote(table)}") is not null;
}
