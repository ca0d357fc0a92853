using System.Text.Json;
using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Cli;

/// <summary>`tandem tail` prints one JSON line per change with the exact values the issue's contract spells out.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class TailCommandTests : IDisposable
{
    private readonly MariaDbFixture _fixture;
    private readonly string _history = Path.Combine(Path.GetTempPath(), $"tandem-tail-history-{Guid.NewGuid():N}");

    public TailCommandTests(MariaDbFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose()
    {
        if (Directory.Exists(_history))
            Directory.Delete(_history, recursive: true);
    }

    [Fact]
    public async Task Tail_prints_inet4_inet6_and_uuid_as_the_text_the_server_prints()
    {
        var database = await _fixture.CreateDatabaseAsync("tail_plugins");
        var uri = $"{_fixture.Server.Uri}/{database}";
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await connection.ExecuteAsync("CREATE TABLE p (u UUID PRIMARY KEY, a INET6, b INET4, c INET6)");
        var start = await CaptureRun.CurrentPositionAsync(uri);
        await connection.ExecuteAsync("INSERT INTO p VALUES ('6ccd780c-baba-1026-9564-5b8c656024db', '::ffff:10.0.0.0', '10.0.0.0', '::')");
        await connection.ExecuteAsync("UPDATE p SET u = '00000000-0000-0000-0000-000000000000', a = '2001:db8::ff00:42:8329', c = NULL");

        var run = await CliRun.RunAsync("tail", _fixture.Server.Uri, "--from-file", start.File, "--from-pos", start.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tables", $"{database}.*", "--max-events", "2", "--schema-history", _history);

        Assert.True(run.ExitCode == 0, run.AllOutput);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(
            """{"u":"6ccd780c-baba-1026-9564-5b8c656024db","a":"::ffff:10.0.0.0","b":"10.0.0.0","c":"::"}""",
            JsonDocument.Parse(lines[0]).RootElement.GetProperty("after").GetRawText());
        Assert.Equal(
            """{"u":"00000000-0000-0000-0000-000000000000","a":"2001:db8::ff00:42:8329","b":"10.0.0.0","c":null}""",
            JsonDocument.Parse(lines[1]).RootElement.GetProperty("after").GetRawText());
    }

    [Fact]
    public async Task Tail_prints_json_lines_with_exact_values_and_stops_at_max_events()
    {
        var database = await _fixture.CreateDatabaseAsync("tail");
        var uri = $"{_fixture.Server.Uri}/{database}";
        await using var connection = await MySqlConnection.OpenAsync(uri);
        await connection.ExecuteAsync("CREATE TABLE j (id BIGINT UNSIGNED PRIMARY KEY, bits BIT(64), amount DECIMAL(65,30), at DATETIME(6), doc JSON, raw VARBINARY(8), note VARCHAR(20), nothing INT)");
        var start = await CaptureRun.CurrentPositionAsync(uri);
        await connection.ExecuteAsync("""
            INSERT INTO j VALUES (18446744073709551615, b'1111111111111111111111111111111111111111111111111111111111111111',
              -12345678901234567890123456789012345.123456789012345678901234567890, '2024-02-29 23:59:59.000001',
              '{"a": [1, true, null]}', X'00FF10', 'emoji 😀', NULL)
            """);
        var first = await CliRun.RunAsync("tail", _fixture.Server.Uri, "--from-file", start.File, "--from-pos", start.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tables", $"{database}.*", "--max-events", "1", "--schema-history", _history);
        Assert.True(first.ExitCode == 0, first.AllOutput);
        await connection.ExecuteAsync("UPDATE j SET note = 'changed'");
        await connection.ExecuteAsync("CREATE TABLE k (x INT PRIMARY KEY)");
        await connection.ExecuteAsync("DELETE FROM j");
        await connection.ExecuteAsync("INSERT INTO j (id) VALUES (1)");

        var run = await CliRun.RunAsync("tail", _fixture.Server.Uri, "--from-file", start.File, "--from-pos", start.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tables", $"{database}.*", "--max-events", "3", "--schema-history", _history);

        Assert.True(run.ExitCode == 0, run.AllOutput);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal(
            """{"id":18446744073709551615,"bits":18446744073709551615,"amount":-12345678901234567890123456789012345.123456789012345678901234567890,"at":"2024-02-29 23:59:59.000001","doc":{"a": [1, true, null]},"raw":{"base64":"AP8Q"},"note":"emoji \uD83D\uDE00","nothing":null}""",
            JsonDocument.Parse(lines[0]).RootElement.GetProperty("after").GetRawText());

        using var insert = JsonDocument.Parse(lines[0]);
        Assert.Equal(database, insert.RootElement.GetProperty("db").GetString());
        Assert.Equal("j", insert.RootElement.GetProperty("table").GetString());
        Assert.Equal("insert", insert.RootElement.GetProperty("type").GetString());
        Assert.Matches(@"^mariadb-bin\.\d+:\d+$", insert.RootElement.GetProperty("position").GetString());
        Assert.Matches(@"^\d+-\d+-\d+$", insert.RootElement.GetProperty("gtid").GetString());
        Assert.True(insert.RootElement.GetProperty("ts").GetInt64() > 1_600_000_000);
        Assert.Equal(JsonValueKind.Null, insert.RootElement.GetProperty("before").ValueKind);

        using var update = JsonDocument.Parse(lines[1]);
        Assert.Equal("update", update.RootElement.GetProperty("type").GetString());
        Assert.Equal("emoji 😀", update.RootElement.GetProperty("before").GetProperty("note").GetString());
        Assert.Equal("changed", update.RootElement.GetProperty("after").GetProperty("note").GetString());

        using var ddl = JsonDocument.Parse(lines[2]);
        Assert.Equal("ddl", ddl.RootElement.GetProperty("type").GetString());
        Assert.Equal("CREATE TABLE k (x INT PRIMARY KEY)", ddl.RootElement.GetProperty("statement").GetString());
        Assert.Equal("k", ddl.RootElement.GetProperty("table").GetString());

        using var delete = JsonDocument.Parse(lines[3]);
        Assert.Equal("delete", delete.RootElement.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, delete.RootElement.GetProperty("before").GetProperty("nothing").ValueKind);
        Assert.Equal(JsonValueKind.Null, delete.RootElement.GetProperty("after").ValueKind);
    }

    [Fact]
    public async Task Tail_from_a_purged_position_fails_with_a_hint_to_resnapshot()
    {
        var run = await CliRun.RunAsync("tail", _fixture.Server.Uri, "--from-file", "mariadb-bin.999999", "--from-pos", "4", "--schema-history", _history);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("can no longer send the binlog", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("snapshot", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_from_gtids_the_source_never_had_fails_with_a_hint_to_resnapshot()
    {
        var run = await CliRun.RunAsync("tail", _fixture.Server.Uri, "--from-gtid", "0-1-999999999", "--schema-history", _history);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("can no longer send the binlog", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("snapshot", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_refuses_two_start_positions_as_a_usage_error()
    {
        var run = await CliRun.RunAsync("tail", _fixture.Server.Uri, "--from-now", "--from-gtid", "0-1-1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("choose one start", run.Stderr, StringComparison.Ordinal);
    }
}
