using Tandem.Core.Model;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema.History;

namespace Tandem.IntegrationTests.Capture;

/// <summary>Common DDL forms mid-stream: the rows after each are named and typed by the new schema.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class DdlCaptureTests : IDisposable
{
    private readonly MariaDbFixture _fixture;
    private readonly string _history = Path.Combine(Path.GetTempPath(), $"tandem-ddl-history-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_history))
            Directory.Delete(_history, recursive: true);
    }

    public DdlCaptureTests(MariaDbFixture fixture)
    {
        _fixture = fixture;
    }

    public static readonly (string Sql, string? ExpectedRow)[] Steps =
    [
        ("CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(10))", null),
        ("INSERT INTO t VALUES (1, 'one')", "id=Int64:1, a=String:one"),
        ("ALTER TABLE t ADD COLUMN b INT UNSIGNED AFTER id", null),
        ("INSERT INTO t VALUES (2, 4294967295, 'two')", "id=Int64:2, b=UInt64:4294967295, a=String:two"),
        ("ALTER TABLE t DROP COLUMN a", null),
        ("INSERT INTO t VALUES (3, 30)", "id=Int64:3, b=UInt64:30"),
        ("ALTER TABLE t CHANGE b bee BIGINT", null),
        ("INSERT INTO t VALUES (4, -40)", "id=Int64:4, bee=Int64:-40"),
        ("ALTER TABLE t MODIFY bee VARCHAR(20) CHARACTER SET latin1", null),
        ("INSERT INTO t VALUES (5, 'café')", "id=Int64:5, bee=String:café"),
        ("ALTER TABLE t RENAME COLUMN bee TO c", null),
        ("INSERT INTO t VALUES (6, 'six')", "id=Int64:6, c=String:six"),
        ("ALTER TABLE t ADD COLUMN d DATETIME(3) FIRST, ADD COLUMN e ENUM('p','q') DEFAULT 'q'", null),
        ("INSERT INTO t (id, c, d) VALUES (7, 'seven', '2024-01-02 03:04:05.678')", "d=MySqlDateTime:2024-01-02 03:04:05.678, id=Int64:7, c=String:seven, e=String:q"),
        ("ALTER TABLE t ADD INDEX ic (c), ADD UNIQUE KEY ud (d)", null),
        ("ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id, e)", null),
        ("INSERT INTO t (id, c) VALUES (8, 'eight')", "d=NULL, id=Int64:8, c=String:eight, e=String:q"),
        ("RENAME TABLE t TO t2", null),
        ("INSERT INTO t2 (id, c) VALUES (9, 'nine')", "d=NULL, id=Int64:9, c=String:nine, e=String:q"),
        ("ALTER TABLE t2 RENAME TO t3, DROP COLUMN d", null),
        ("INSERT INTO t3 (id, c) VALUES (10, 'ten')", "id=Int64:10, c=String:ten, e=String:q"),
        ("TRUNCATE TABLE t3", null),
        ("CREATE TABLE t4 LIKE t3", null),
        ("INSERT INTO t4 VALUES (11, 'eleven', 'p')", "id=Int64:11, c=String:eleven, e=String:p"),
        ("CREATE TABLE t5 (k BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, v JSON) ENGINE=InnoDB /* trailing comment */", null),
        ("INSERT INTO t5 (v) VALUES ('{\"x\": 1}')", "k=UInt64:1, v=String:{\"x\": 1}"),
        ("DROP TABLE t4, t5", null),
        ("ALTER TABLE t3 CONVERT TO CHARACTER SET latin1", null),
        ("INSERT INTO t3 VALUES (12, 'twelve', 'p')", "id=Int64:12, c=String:twelve, e=String:p"),
    ];

    [Fact]
    public async Task Rows_after_each_common_ddl_are_decoded_with_the_new_schema()
    {
        var database = await _fixture.CreateDatabaseAsync("ddl");
        var uri = $"{_fixture.Server.Uri}/{database}";
        await using var connection = await MySqlConnection.OpenAsync(uri);
        var start = await CaptureRun.CurrentPositionAsync(uri);
        await CaptureRun.InitializeHistoryAsync(uri, database, start, _history);
        foreach (var (sql, _) in Steps)
        {
            try
            {
                await connection.ExecuteAsync(sql);
            }
            catch (MySqlServerException ex)
            {
                Assert.Fail($"{sql}: {ex.Message}");
            }
        }

        // CREATE TABLE ... SELECT: the DDL and its rows share one group; the columns come from the server.
        await connection.ExecuteAsync("CREATE TABLE t6 SELECT id, c FROM t3");

        var changes = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, start, new FileSchemaHistoryStore(_history)), Steps.Length + 2);
        Assert.StartsWith("CREATE TABLE `t6`", changes[Steps.Length].Ddl.Statement.Replace("CREATE TABLE t6", "CREATE TABLE `t6`", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("id=Int64:12, c=String:twelve", string.Join(", ", ValueText.Named(changes[Steps.Length + 1].Row.Table, changes[Steps.Length + 1].Row.After!).Select(static p => $"{p.Key}={p.Value}")));
        Assert.Equal(changes[Steps.Length].Position, changes[Steps.Length + 1].Position);

        for (var i = 0; i < Steps.Length; i++)
        {
            var (sql, expected) = Steps[i];
            if (expected is null)
            {
                var ddl = Assert.IsType<DdlChange>(changes[i].Change);
                Assert.Equal(sql, AsWritten(ddl.Statement));
                Assert.Equal(database, ddl.Database);
                continue;
            }

            var row = Assert.IsType<RowChange>(changes[i].Change);
            Assert.Equal(ChangeKind.Insert, row.Kind);
            Assert.Equal(expected, string.Join(", ", ValueText.Named(row.Table, row.After!).Select(static p => $"{p.Key}={p.Value}")));
        }
    }

    [Fact]
    public async Task Ddl_written_under_ansi_quotes_and_no_backslash_escapes_is_read_as_the_session_read_it()
    {
        var database = await _fixture.CreateDatabaseAsync("sqlmode");
        var uri = $"{_fixture.Server.Uri}/{database}";
        await using var connection = await MySqlConnection.OpenAsync(uri);
        var start = await CaptureRun.CurrentPositionAsync(uri);
        await CaptureRun.InitializeHistoryAsync(uri, database, start, _history);
        await connection.ExecuteAsync("SET SESSION sql_mode = 'ANSI_QUOTES,NO_BACKSLASH_ESCAPES'");
        await connection.ExecuteAsync("""CREATE TABLE "q" ("id" INT PRIMARY KEY, "we""ird" ENUM('a\', 'b'))""");
        await connection.ExecuteAsync("""INSERT INTO q VALUES (1, 'a\')""");

        var changes = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, start, new FileSchemaHistoryStore(_history)), 2);

        Assert.Equal("q", changes[0].Ddl.Table);
        Assert.Equal("id=Int64:1, we\"ird=String:a\\", string.Join(", ", ValueText.Named(changes[1].Row.Table, changes[1].Row.After!).Select(static p => $"{p.Key}={p.Value}")));

        // Followed from the statement itself: the history holds it with its mode, and no reload from the server.
        var log = await File.ReadAllTextAsync(Path.Combine(_history, FileSchemaHistoryStore.LogFileName));
        Assert.Contains("1048580", log, StringComparison.Ordinal);
        Assert.DoesNotContain("\"reloadedTable\":{", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ddl_touching_any_captured_table_is_emitted_and_statement_changes_elsewhere_are_ignored()
    {
        var database = await _fixture.CreateDatabaseAsync("multi");
        var scratch = await _fixture.CreateDatabaseAsync("scratch");
        var uri = $"{_fixture.Server.Uri}/{database}";
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await connection.ExecuteAsync("CREATE TABLE keep1 (id INT PRIMARY KEY)");
        await connection.ExecuteAsync("CREATE TABLE keep2 (id INT PRIMARY KEY)");
        await connection.ExecuteAsync("CREATE TABLE skip1 (id INT PRIMARY KEY)");
        await connection.ExecuteAsync($"CREATE TABLE `{scratch}`.s (id INT PRIMARY KEY)");
        var start = await CaptureRun.CurrentPositionAsync(uri);
        await CaptureRun.InitializeHistoryAsync(uri, database, start, _history);

        await connection.ExecuteAsync("DROP TABLE skip1, keep1");
        await connection.ExecuteAsync("RENAME TABLE keep2 TO skip2");
        await using (var statementSession = await MySqlConnection.OpenAsync($"{_fixture.Server.Uri}/{scratch}"))
        {
            await statementSession.ExecuteAsync("SET SESSION binlog_format = 'STATEMENT'");
            await statementSession.ExecuteAsync("INSERT INTO s VALUES (1)");
        }

        await connection.ExecuteAsync("CREATE TABLE keep3 (id INT PRIMARY KEY)");
        await connection.ExecuteAsync("INSERT INTO keep3 VALUES (7)");

        var options = CaptureRun.Options(uri, database, start, new FileSchemaHistoryStore(_history)) with
        {
            Tables = Tandem.Core.Filtering.TableFilter.Parse([$"{database}.keep*"]),
        };
        var changes = await CaptureRun.CollectAsync(options, 4);

        Assert.Equal("keep1", changes[0].Ddl.Table);
        Assert.Contains("DROP TABLE", changes[0].Ddl.Statement, StringComparison.Ordinal);
        Assert.Equal("keep2", changes[1].Ddl.Table);
        Assert.Equal("keep3", changes[2].Ddl.Table);
        Assert.Equal("id=Int64:7", string.Join(", ", ValueText.Named(changes[3].Row.Table, changes[3].Row.After!).Select(static p => $"{p.Key}={p.Value}")));
    }

    /// <summary>MariaDB logs DROP TABLE rewritten ("DROP TABLE `a`,`b` /* generated by server */"); undo that for comparison.</summary>
    private static string AsWritten(string logged) => !logged.Contains("generated by server", StringComparison.Ordinal) ? logged :
        System.Text.RegularExpressions.Regex.Replace(logged.Replace(" /* generated by server */", string.Empty, StringComparison.Ordinal).Replace("`", string.Empty, StringComparison.Ordinal), @",(?=\S)", ", ").Trim();
}
