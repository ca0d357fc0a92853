using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;
using Tandem.Sandbox;

namespace Tandem.IntegrationTests.Capture;

/// <summary>
/// With binlog_row_metadata=FULL the rows carry their own column names, signedness and charsets. A capture started
/// from an old position with no schema history (so it only knows today's schema) still names old rows right.
/// A dedicated server, because the setting is global; it also runs with binlog_checksum=NONE and log_bin_compress=ON
/// (row images and statements zlib-compressed), so those paths are exercised against a real server too.
/// </summary>
public sealed class UncommonSourceSettingsTests
{
    [Fact]
    public async Task Rows_logged_with_full_metadata_are_named_by_the_binlog_when_the_schema_has_moved_on()
    {
        await using var directory = SandboxDirectory.Create();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        // Also without event checksums and with compressed events (log_bin_compress), other settings a source may have.
        var settings = new Dictionary<string, string>
        {
            ["binlog_row_metadata"] = "FULL",
            ["binlog_checksum"] = "NONE",
            ["log_bin_compress"] = "ON",
            ["log_bin_compress_min_len"] = "10",
        };
        await using var server = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "fullmeta", ExtraSettings = settings }, startup.Token);
        await using var connection = await MySqlConnection.OpenAsync(server.Uri);
        Assert.Equal("NONE", await connection.QueryScalarAsync("SELECT @@global.binlog_checksum"));
        Assert.Equal("FULL", await connection.QueryScalarAsync("SELECT @@global.binlog_row_metadata"));
        Assert.Equal(1L, await connection.QueryScalarAsync("SELECT @@global.log_bin_compress"));
        await connection.ExecuteAsync("CREATE DATABASE m");
        await connection.ExecuteAsync("CREATE TABLE m.t (id INT UNSIGNED PRIMARY KEY, name VARCHAR(10), gone INT)");
        var start = await CaptureRun.CurrentPositionAsync(server.Uri);
        await connection.ExecuteAsync("INSERT INTO m.t VALUES (4294967295, 'before', -1)");
        await connection.ExecuteAsync("ALTER TABLE m.t DROP COLUMN gone, ADD COLUMN added DATE FIRST");
        await connection.ExecuteAsync("INSERT INTO m.t VALUES ('2024-01-01', 1, 'after')");
        await connection.ExecuteAsync("UPDATE m.t SET name = 'updated' WHERE id = 1");

        var types = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var events = await connection.QueryAsync($"SHOW BINLOG EVENTS IN '{start.File}' FROM {start.Offset}"))
        {
            while (await events.ReadAsync())
                types.Add(events.GetString(2)!);
        }

        Assert.Contains("Query_compressed", types);
        Assert.Contains(types, static t => t.StartsWith("Write_rows_compressed", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(types, static t => t.StartsWith("Update_rows_compressed", StringComparison.OrdinalIgnoreCase));

        var changes = await CaptureRun.CollectAsync(CaptureRun.Options(server.Uri, "m", start), 4);

        Assert.Equal("id=UInt64:4294967295, name=String:before, gone=Int64:-1", Describe(changes[0]));
        Assert.Contains("DROP COLUMN gone", changes[1].Ddl.Statement, StringComparison.Ordinal);
        Assert.Equal("added=MySqlDateTime:2024-01-01, id=UInt64:1, name=String:after", Describe(changes[2]));
        Assert.Equal("added=MySqlDateTime:2024-01-01, id=UInt64:1, name=String:updated", Describe(changes[3]));
        Assert.Equal("after", ValueText.Named(changes[3].Row.Table, changes[3].Row.Before!)["name"].Split(':')[1]);
    }

    private static string Describe(CapturedChange change) =>
        string.Join(", ", ValueText.Named(change.Row.Table, change.Row.After!).Select(static p => $"{p.Key}={p.Value}"));
}
