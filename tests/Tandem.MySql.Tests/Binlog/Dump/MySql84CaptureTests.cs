using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Protocol;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Binlog.Dump;

/// <summary>
/// <see cref="BinlogCapture"/> end to end against a scripted MySQL 8.4 source streaming <see cref="ShopStream"/>:
/// transactions with their values, GTIDs and positions, the GTID set accumulated from the start set, a purged
/// binlog mid-stream, and a connection cut mid-transaction resumed without a duplicate or a gap.
/// </summary>
public sealed class MySql84CaptureTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private const string File = MySql84Binlog.File;
    private const string Uuid = ShopStream.Uuid;

    private readonly string _spill = Path.Combine(Path.GetTempPath(), $"tandem-fakedump-{Guid.NewGuid():N}");
    private readonly ShopStream _shop = new();

    private sealed record Seen(string? Gtid, BinlogPosition Position, List<Change> Changes);

    public void Dispose()
    {
        if (Directory.Exists(_spill))
        {
            Directory.Delete(_spill, recursive: true);
        }
    }

    private BinlogCapture Capture(FakeMySql84Source source, BinlogStart? start) => new(
        new BinlogCaptureOptions
        {
            Source = source.Options(),
            Start = start,
            Dump = new BinlogDumpOptions { ServerId = 4242 },
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
            SpillDirectory = _spill,
        },
        NullLogger.Instance);

    /// <summary>A stream script serving the shop binlog from wherever the dump asks (position 4 for a GTID dump).</summary>
    private Func<FakeConnection, DumpCommand, Task> ServeAll() => async (c, dump) =>
    {
        await _shop.Binlog.SendAsync(c, dump.IsGtid ? 4 : (long)dump.Position);
        await c.ExpectClientClosesAsync();
    };

    private static async Task<List<Seen>> TakeAsync(IAsyncEnumerator<Transaction> transactions, int count)
    {
        var seen = new List<Seen>();
        while (seen.Count < count)
        {
            Assert.True(await transactions.MoveNextAsync().AsTask().WaitAsync(Limit), $"the stream ended after {seen.Count} transactions");
            var changes = new List<Change>();
            await foreach (var change in transactions.Current.ReadChangesAsync())
            {
                changes.Add(change);
            }

            seen.Add(new Seen(transactions.Current.Gtid, (BinlogPosition)transactions.Current.Position, changes));
        }

        return seen;
    }

    private static string Set(string text) => MySqlGtidSet.Parse(text).ToString();

    private static object?[] Row(Change change)
    {
        var row = Assert.IsType<RowChange>(change);
        Assert.Equal(ChangeKind.Insert, row.Kind);
        Assert.Equal("shop", row.Table.Database);
        Assert.Equal("items", row.Table.Name);
        Assert.Equal(["id", "name"], row.Table.Columns.Select(c => c.Name));
        Assert.Equal(["id"], row.Table.Indexes.Single(i => i.IsPrimary).Columns);
        return row.After!;
    }

    [Fact]
    public async Task Capture_from_a_tagged_gtid_set_yields_every_transaction_with_values_gtid_and_position_after_commit()
    {
        await using var source = FakeMySql84Source.Start(ServeAll());
        var capture = Capture(source, new BinlogStart.Gtids(ShopStream.StartSet));

        List<Seen> seen;
        await using (var transactions = capture.ReadAsync().GetAsyncEnumerator())
        {
            seen = await TakeAsync(transactions, 5);
            Assert.Equal((File, _shop.T4End), capture.CaughtUpTo);
        }

        Assert.Equal([$"{Uuid}:6", $"{Uuid}:tag_a:4", $"{Uuid}:7", $"{Uuid}:8", $"{Uuid}:9"], seen.Select(s => s.Gtid));
        Assert.Equal(
            [
                new BinlogPosition(File, _shop.T1End, Set($"{Uuid}:1-6:tag_a:1-3")),
                new BinlogPosition(File, _shop.T2End, Set($"{Uuid}:1-6:tag_a:1-4")),
                new BinlogPosition(File, _shop.T3End, Set($"{Uuid}:1-7:tag_a:1-4")),
                new BinlogPosition(File, _shop.T4End, Set($"{Uuid}:1-8:tag_a:1-4")),
                new BinlogPosition(File, _shop.T5End, Set($"{Uuid}:1-9:tag_a:1-4")),
            ],
            seen.Select(s => s.Position));
        Assert.Equal([1ul, "alpha"], Row(Assert.Single(seen[0].Changes)));
        Assert.Equal([2ul, "béta"], Row(seen[1].Changes[0]));
        Assert.Equal([3ul, null], Row(seen[1].Changes[1]));
        Assert.Equal([4ul, "gamma"], Row(Assert.Single(seen[2].Changes)));
        var ddl = Assert.IsType<DdlChange>(Assert.Single(seen[3].Changes));
        Assert.Equal("shop", ddl.Database);
        Assert.Equal("notes", ddl.Table);
        Assert.Equal("CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)", ddl.Statement);
        Assert.Equal([5ul, "epsilon"], Row(Assert.Single(seen[4].Changes)));
        Assert.Equal(seen[4].Position, capture.Position);

        var dump = Assert.Single(source.Dumps);
        Assert.Equal(DumpCommand.BinlogDumpGtid, dump.Command);
        Assert.Equal(4242u, dump.ServerId);
        Assert.Equal(MySqlGtidSet.Parse(ShopStream.StartSet), MySqlGtidSet.Decode(dump.GtidData));
        Assert.Empty(source.Unexpected);
    }

    [Fact]
    public async Task Capture_from_now_reads_show_binary_log_status_after_show_master_status_fails_and_dumps_from_there()
    {
        await using var source = FakeMySql84Source.Start(ServeAll());
        source.Status = (File, _shop.T1End, $"{Uuid}:1-6,\n{Uuid}:tag_a:1-3");
        var capture = Capture(source, start: null);

        List<Seen> seen;
        await using (var transactions = capture.ReadAsync().GetAsyncEnumerator())
        {
            seen = await TakeAsync(transactions, 2);
        }

        var queries = source.Queries.ToArray();
        Assert.True(Array.IndexOf(queries, "SHOW MASTER STATUS") < Array.IndexOf(queries, "SHOW BINARY LOG STATUS"));
        var dump = Assert.Single(source.Dumps);
        Assert.Equal(DumpCommand.BinlogDump, dump.Command);
        Assert.Equal((File, (ulong)_shop.T1End, (ushort)0), (dump.File, dump.Position, dump.Flags));
        Assert.Equal([$"{Uuid}:tag_a:4", $"{Uuid}:7"], seen.Select(s => s.Gtid));
        Assert.Equal(new BinlogPosition(File, _shop.T2End, Set($"{Uuid}:1-6:tag_a:1-4")), seen[0].Position);
        Assert.Equal(new BinlogPosition(File, _shop.T3End, Set($"{Uuid}:1-7:tag_a:1-4")), seen[1].Position);
        Assert.Empty(source.Unexpected);
    }

    [Fact]
    public async Task Error_1236_mid_stream_ends_the_capture_with_position_lost_naming_the_file_and_offset()
    {
        await using var source = FakeMySql84Source.Start(async (c, _) =>
        {
            await _shop.Binlog.SendAsync(c, 4, until: _shop.T2End);
            await c.WritePayloadAsync(FakePackets.Error(1236, "HY000", "Cannot replicate because the source purged required binary logs."));
            await c.ExpectClientClosesAsync();
        });
        var capture = Capture(source, new BinlogStart.Gtids(ShopStream.StartSet));

        await using var transactions = capture.ReadAsync().GetAsyncEnumerator();
        var seen = await TakeAsync(transactions, 2);
        var ex = await Assert.ThrowsAsync<BinlogPositionLostException>(() => transactions.MoveNextAsync().AsTask().WaitAsync(Limit));

        Assert.Equal($"{File}:{_shop.T2End}", ex.Position);
        Assert.Contains($"{File}:{_shop.T2End}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new BinlogPosition(File, _shop.T2End, Set($"{Uuid}:1-6:tag_a:1-4")), seen[1].Position);
        Assert.Single(source.Dumps);
    }

    [Fact]
    public async Task Connection_dropped_mid_transaction_resumes_at_the_last_complete_transaction_without_duplicate_or_gap()
    {
        await using var source = FakeMySql84Source.Start(
            async (c, _) =>
            {
                // T1 whole, then T2's GTID, BEGIN and TABLE_MAP; then the socket closes.
                await _shop.Binlog.SendAsync(c, 4, until: _shop.T2TableMapEnd);
            },
            ServeAll());
        var capture = Capture(source, new BinlogStart.Gtids(ShopStream.StartSet));

        List<Seen> seen;
        await using (var transactions = capture.ReadAsync().GetAsyncEnumerator())
        {
            seen = await TakeAsync(transactions, 5);
        }

        var dumps = source.Dumps.ToArray();
        Assert.Equal(2, dumps.Length);
        Assert.Equal(DumpCommand.BinlogDumpGtid, dumps[0].Command);
        Assert.Equal(DumpCommand.BinlogDump, dumps[1].Command);
        Assert.Equal((File, (ulong)_shop.T1End, 4242u), (dumps[1].File, dumps[1].Position, dumps[1].ServerId));
        Assert.Equal([$"{Uuid}:6", $"{Uuid}:tag_a:4", $"{Uuid}:7", $"{Uuid}:8", $"{Uuid}:9"], seen.Select(s => s.Gtid));
        Assert.Equal([_shop.T1End, _shop.T2End, _shop.T3End, _shop.T4End, _shop.T5End], seen.Select(s => s.Position.Offset));
        Assert.Equal(Set($"{Uuid}:1-6:tag_a:1-4"), seen[1].Position.Gtids);
        Assert.Equal(Set($"{Uuid}:1-9:tag_a:1-4"), seen[4].Position.Gtids);
        Assert.Equal([[2ul, "béta"], [3ul, null]], seen[1].Changes.Select(Row));
        Assert.Empty(source.Unexpected);
    }

    [Fact]
    public async Task Capture_from_the_start_of_a_file_learns_the_gtid_set_from_previous_gtids_and_accumulates_it()
    {
        await using var source = FakeMySql84Source.Start(ServeAll());
        var capture = Capture(source, new BinlogStart.FilePosition(File, 4));

        List<Seen> seen;
        await using (var transactions = capture.ReadAsync().GetAsyncEnumerator())
        {
            seen = await TakeAsync(transactions, 2);
        }

        Assert.Equal(DumpCommand.BinlogDump, Assert.Single(source.Dumps).Command);
        Assert.Equal(new BinlogPosition(File, _shop.T1End, Set($"{Uuid}:1-6:tag_a:1-3")), seen[0].Position);
        Assert.Equal(new BinlogPosition(File, _shop.T2End, Set($"{Uuid}:1-6:tag_a:1-4")), seen[1].Position);
        Assert.Empty(source.Unexpected);
    }

    [Fact]
    public async Task Capture_from_mid_file_has_no_gtid_set_as_the_set_at_that_offset_is_unknown()
    {
        await using var source = FakeMySql84Source.Start(ServeAll());
        var capture = Capture(source, new BinlogStart.FilePosition(File, _shop.T1End));

        List<Seen> seen;
        await using (var transactions = capture.ReadAsync().GetAsyncEnumerator())
        {
            seen = await TakeAsync(transactions, 1);
        }

        Assert.Equal(new BinlogPosition(File, _shop.T2End, null), seen[0].Position);
        Assert.Equal($"{Uuid}:tag_a:4", seen[0].Gtid);
    }

    [Fact]
    public async Task Capture_from_a_gtid_set_on_a_source_with_gtid_mode_off_fails_before_dumping_and_says_why()
    {
        await using var source = FakeMySql84Source.Start(ServeAll());
        source.GtidMode = "OFF";
        var capture = Capture(source, new BinlogStart.Gtids(ShopStream.StartSet));

        await using var transactions = capture.ReadAsync().GetAsyncEnumerator();
        var ex = await Assert.ThrowsAsync<MySqlException>(() => transactions.MoveNextAsync().AsTask().WaitAsync(Limit));

        Assert.IsNotType<BinlogPositionLostException>(ex);
        Assert.Contains("gtid_mode", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--from-file", ex.Hint, StringComparison.Ordinal);
        Assert.Empty(source.Dumps);
    }
}
