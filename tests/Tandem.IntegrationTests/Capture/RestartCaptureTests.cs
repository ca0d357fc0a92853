using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema.History;

namespace Tandem.IntegrationTests.Capture;

/// <summary>Resuming from a saved position yields exactly the events after it, decoded with the schema of their time.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class RestartCaptureTests : IDisposable
{
    private readonly MariaDbFixture _fixture;
    private readonly string _historyDirectory = Path.Combine(Path.GetTempPath(), $"tandem-history-{Guid.NewGuid():N}");

    public RestartCaptureTests(MariaDbFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose()
    {
        if (Directory.Exists(_historyDirectory))
            Directory.Delete(_historyDirectory, recursive: true);
    }

    [Fact]
    public async Task A_restart_from_a_saved_position_yields_exactly_the_remaining_events()
    {
        var database = await _fixture.CreateDatabaseAsync("restart");
        var uri = $"{_fixture.Server.Uri}/{database}";
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await connection.ExecuteAsync("CREATE TABLE r (id INT PRIMARY KEY, v VARCHAR(20))");
        var start = await CaptureRun.CurrentPositionAsync(uri);
        for (var i = 1; i <= 20; i++)
        {
            await connection.ExecuteAsync(i % 3 == 0
                ? $"UPDATE r SET v = 'updated {i}' WHERE id = {i - 1}"
                : $"INSERT INTO r VALUES ({i}, 'row {i}')");
        }

        var all = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, start), 20);
        var saved = all[6];
        var (file, offset) = SplitPosition(saved.Position);

        var fromFile = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, new BinlogStart.FilePosition(file, offset)), 13);
        Assert.Equal(all.Skip(7).Select(static c => c.ToString()), fromFile.Select(static c => c.ToString()));

        // The same from the GTID of the saved transaction: MariaDB's position after it.
        var gtidPosition = await connection.QueryScalarAsync($"SELECT BINLOG_GTID_POS('{file}', {offset})");
        var fromGtid = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, new BinlogStart.Gtids((string)gtidPosition!)), 13);
        Assert.Equal(all.Skip(7).Select(static c => c.ToString()), fromGtid.Select(static c => c.ToString()));
    }

    [Fact]
    public async Task A_restart_from_before_an_alter_decodes_old_rows_with_the_old_schema_from_the_history()
    {
        var database = await _fixture.CreateDatabaseAsync("history");
        var uri = $"{_fixture.Server.Uri}/{database}";
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await connection.ExecuteAsync("CREATE TABLE h (id INT PRIMARY KEY, a INT)");
        var start = await CaptureRun.CurrentPositionAsync(uri);
        await connection.ExecuteAsync("INSERT INTO h VALUES (1, 10)");
        var history = new FileSchemaHistoryStore(_historyDirectory);

        // The first run sees the table as it is at the start and records the history from there.
        var before = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, start, history), 1);
        Assert.Equal("id=Int64:1, a=Int64:10", Describe(before[0]));

        await connection.ExecuteAsync("ALTER TABLE h ADD COLUMN b VARCHAR(5) FIRST, MODIFY a BIGINT UNSIGNED");
        await connection.ExecuteAsync("INSERT INTO h VALUES ('x', 2, 20)");

        // A second run from the same old position: the first row has two columns (the schema of its time), the
        // second three. Reading today's schema from the server for the first row would fail on the column count.
        var again = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, start, new FileSchemaHistoryStore(_historyDirectory)), 3);
        Assert.Equal("id=Int64:1, a=Int64:10", Describe(again[0]));
        Assert.Equal("b=String:x, id=Int64:2, a=UInt64:20", Describe(again[2]));
    }

    [Fact]
    public async Task The_stream_follows_a_rotation_to_the_next_file_and_resumes_across_it()
    {
        var database = await _fixture.CreateDatabaseAsync("rotate");
        var uri = $"{_fixture.Server.Uri}/{database}";
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await connection.ExecuteAsync("CREATE TABLE r (id INT PRIMARY KEY)");
        var start = await CaptureRun.CurrentPositionAsync(uri);
        await connection.ExecuteAsync("INSERT INTO r VALUES (1)");
        await connection.ExecuteAsync("FLUSH BINARY LOGS");
        await connection.ExecuteAsync("INSERT INTO r VALUES (2)");
        await connection.ExecuteAsync("FLUSH BINARY LOGS");
        await connection.ExecuteAsync("INSERT INTO r VALUES (3)");

        var all = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, start), 3);
        var files = all.Select(static c => SplitPosition(c.Position).File).Distinct().ToList();
        Assert.True(files.Count >= 2, $"expected the rows in more than one file: {string.Join(", ", all)}");

        // Resume from the last transaction of the first file: the next ones come from the files after it.
        var (file, offset) = SplitPosition(all[0].Position);
        var rest = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, new BinlogStart.FilePosition(file, offset)), 2);
        Assert.Equal(all.Skip(1).Select(static c => c.ToString()), rest.Select(static c => c.ToString()));
    }

    private static string Describe(CapturedChange change) =>
        string.Join(", ", ValueText.Named(change.Row.Table, change.Row.After!).Select(static p => $"{p.Key}={p.Value}"));

    private static (string File, long Offset) SplitPosition(string position)
    {
        var colon = position.LastIndexOf(':');
        return (position[..colon], long.Parse(position[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
