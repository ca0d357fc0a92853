using Microsoft.Extensions.Logging.Abstractions;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Protocol;
using Tandem.Sandbox;

namespace Tandem.IntegrationTests.Capture;

/// <summary>
/// A byte flipped inside an event of a closed binlog file on the server's disk: the server sends it unchecked
/// (master_verify_checksum is off), and Tandem's CRC32 check must stop there, naming the event's file and offset.
/// A dedicated server, because its binlog is damaged on purpose.
/// </summary>
public sealed class CorruptEventTests
{
    [Fact]
    public async Task A_corrupted_event_is_detected_by_its_checksum_and_named_by_file_and_offset()
    {
        await using var directory = SandboxDirectory.Create();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var server = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "corrupt" }, startup.Token);
        await using var connection = await MySqlConnection.OpenAsync(server.Uri);
        await connection.ExecuteAsync("CREATE DATABASE c");
        await connection.ExecuteAsync("CREATE TABLE c.t (id INT PRIMARY KEY, v VARCHAR(100))");
        await connection.ExecuteAsync("FLUSH BINARY LOGS");
        var start = await CaptureRun.CurrentPositionAsync(server.Uri);
        for (var i = 0; i < 5; i++)
            await connection.ExecuteAsync($"INSERT INTO c.t VALUES ({i}, REPEAT('v', 80))");
        await connection.ExecuteAsync("FLUSH BINARY LOGS");

        // Find the third rows event as the server sends it, then damage one byte of its row data on disk.
        var rows = await FindRowsEventsAsync(server.Uri, start);
        var victim = rows[2];
        var path = Path.Combine(server.DataDirectory, victim.File);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = victim.Offset + BinlogEventHeader.Size + 20;
            var b = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(b ^ 0x5A));
        }

        var capture = new BinlogCapture(CaptureRun.Options(server.Uri, "c", start), NullLogger.Instance);
        var seen = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await Assert.ThrowsAsync<BinlogCorruptException>(async () =>
        {
            await foreach (var transaction in capture.ReadAsync(false, deadline.Token))
            {
                await foreach (var _ in transaction.ReadChangesAsync(deadline.Token))
                    seen++;
            }
        });

        Assert.Equal($"{victim.File}:{victim.Offset}", error.Position);
        Assert.Contains("CRC32 mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{victim.File}:{victim.Offset}", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, seen);
    }

    private static async Task<List<RowsEvent>> FindRowsEventsAsync(string uri, BinlogStart start)
    {
        var found = new List<RowsEvent>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await BinlogDumpSession.OpenAsync(MySqlConnectionOptions.Parse(uri), start, new BinlogDumpOptions { ServerId = 4242 }, deadline.Token);
        while (found.Count < 5)
        {
            var next = await session.ReadAsync(deadline.Token);
            Assert.NotNull(next);
            if (next.Value.Event is RowsEvent rows)
                found.Add(rows);
        }

        return found;
    }
}
