using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Tests.FakeServer;
using static Tandem.MySql.Tests.Binlog.Builders.BinlogValueEncoder;

namespace Tandem.MySql.Tests.Binlog.Dump;

/// <summary>
/// The replica handshake of <see cref="BinlogDumpSession"/> against a scripted MySQL 8.4: the session setup, the
/// registration and the dump command byte for byte
/// (https://mariadb.com/kb/en/5-slave-registration/, https://mariadb.com/kb/en/com_register_slave/,
/// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_binlog_dump.html), and the first events of the stream
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html).
/// </summary>
public sealed class BinlogDumpSessionTests
{
    private const uint ServerId = 0x01020304;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private static readonly BinlogDumpOptions Options = new() { ServerId = ServerId };

    /// <summary>A stream script that sends the stream start (artificial ROTATE, FDE) and waits for the client to hang up.</summary>
    private static Func<FakeConnection, DumpCommand, Task> StreamStart(MySql84Binlog binlog) => async (c, dump) =>
    {
        await binlog.SendAsync(c, (long)Math.Max(dump.Position, 4), until: 0);
        await c.ExpectClientClosesAsync();
    };

    private static async Task ReadStreamStartAsync(FakeMySql84Source source, BinlogStart start, long expectedOffset)
    {
        await using var session = await BinlogDumpSession.OpenAsync(source.Options(), start, Options, CancellationToken.None).WaitAsync(Limit);
        Assert.False(session.IsMariaDb);
        Assert.Equal(FakeMySql84Source.ServerVersion, session.ServerVersion);
        var rotate = await session.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Limit);
        Assert.IsType<RotateEvent>(rotate!.Value.Event);
        var format = await session.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Limit);
        Assert.IsType<FormatDescriptionEvent>(format!.Value.Event);
        Assert.Equal(MySql84Binlog.File, session.Decoder.File);
        Assert.Equal(expectedOffset, session.Decoder.NextOffset);
    }

    [Fact]
    public async Task Mysql_gtid_start_sends_com_binlog_dump_gtid_with_flags_0_position_4_and_the_encoded_set()
    {
        var binlog = new MySql84Binlog();
        await using var source = FakeMySql84Source.Start(StreamStart(binlog));

        await ReadStreamStartAsync(source, new BinlogStart.Gtids("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5"), binlog.End);

        var dump = Assert.Single(source.Dumps);
        byte[] uuid = Bytes("3E11FA4771CA11E19E33C80AA9429562");
        byte[] data = [.. LittleEndian(1, 8), .. uuid, .. LittleEndian(1, 8), .. LittleEndian(1, 8), .. LittleEndian(6, 8)];
        byte[] expected =
        [
            0x1E, .. LittleEndian(0, 2), .. LittleEndian(ServerId, 4), .. LittleEndian(0, 4), .. LittleEndian(4, 8),
            .. LittleEndian((ulong)data.Length, 4), .. data,
        ];
        Assert.Equal(expected, dump.Raw);
        Assert.Empty(source.Unexpected);
    }

    [Fact]
    public async Task Mysql_tagged_gtid_start_sends_the_set_in_the_tagged_encoding_that_decodes_to_the_same_set()
    {
        const string set = "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:tag_a:1-3";
        var binlog = new MySql84Binlog();
        await using var source = FakeMySql84Source.Start(StreamStart(binlog));

        await ReadStreamStartAsync(source, new BinlogStart.Gtids(set), binlog.End);

        var dump = Assert.Single(source.Dumps);
        Assert.Equal(DumpCommand.BinlogDumpGtid, dump.Command);
        Assert.Equal(0, dump.Flags);
        Assert.Equal(ServerId, dump.ServerId);
        Assert.Equal(string.Empty, dump.File);
        Assert.Equal(4ul, dump.Position);

        // Tagged format: byte 0 = 1, byte 7 = 1, the count of (uuid, tag) entries shifted left by 8
        // (MySQL sql/rpl_gtid_set.cc, Gtid_set::encode; https://dev.mysql.com/worklog/task/?id=15294).
        Assert.Equal([0x01, 0x02, 0, 0, 0, 0, 0, 0x01], dump.GtidData![..8]);
        Assert.Equal(MySqlGtidSet.Parse(set), MySqlGtidSet.Decode(dump.GtidData));
        Assert.Equal(Bytes("3E11FA4771CA11E19E33C80AA9429562"), dump.GtidData[8..24]);
    }

    [Fact]
    public async Task Mysql_file_start_sends_com_binlog_dump_with_the_offset_flags_0_the_server_id_and_the_file()
    {
        var binlog = new MySql84Binlog();
        binlog.Add(BinlogEventType.Query, Builders.BinlogEventBuilder.QueryBody("shop", "CREATE DATABASE x"));
        var offset = binlog.End;
        await using var source = FakeMySql84Source.Start(StreamStart(binlog));

        await ReadStreamStartAsync(source, new BinlogStart.FilePosition(MySql84Binlog.File, offset), offset);

        var dump = Assert.Single(source.Dumps);

        // No MariaDB annotate flag (0x02) for MySQL, although the option asks for annotations.
        byte[] expected = [0x12, .. LittleEndian((ulong)offset, 4), .. LittleEndian(0, 2), .. LittleEndian(ServerId, 4), .. "binlog.000001"u8.ToArray()];
        Assert.Equal(expected, dump.Raw);
    }

    [Fact]
    public async Task Mysql_session_setup_announces_checksum_heartbeat_and_replica_uuid_then_registers_without_mariadb_capability()
    {
        var binlog = new MySql84Binlog();
        await using var source = FakeMySql84Source.Start(StreamStart(binlog));

        await ReadStreamStartAsync(source, new BinlogStart.FilePosition(MySql84Binlog.File, 4), binlog.End);

        var queries = source.Queries.ToArray();
        Assert.Equal("SELECT @@global.binlog_checksum", queries[0]);
        Assert.Contains(queries, q => q.StartsWith("SET @master_binlog_checksum = @@global.binlog_checksum, @source_binlog_checksum", StringComparison.Ordinal));
        Assert.Contains("SET @master_heartbeat_period = 2000000000, @source_heartbeat_period = 2000000000", queries);
        Assert.Contains(queries, q => q.StartsWith("SET @slave_uuid = '", StringComparison.Ordinal));
        Assert.DoesNotContain(queries, q => q.Contains("mariadb", StringComparison.OrdinalIgnoreCase) || q.Contains("slave_connect_state", StringComparison.Ordinal));

        // COM_REGISTER_SLAVE: 0x15, server id, host "tandem", empty user and password, port 0, rank 0, master id 0
        // (https://mariadb.com/kb/en/com_register_slave/).
        byte[] register = [0x15, .. LittleEndian(ServerId, 4), 6, .. "tandem"u8.ToArray(), 0, 0, 0, 0, .. LittleEndian(0, 4), .. LittleEndian(0, 4)];
        Assert.Equal(register, Assert.Single(source.Registrations));
        Assert.Empty(source.Unexpected);
    }

    [Fact]
    public async Task Error_1236_in_answer_to_a_gtid_dump_is_position_lost_naming_the_start_set()
    {
        const string set = "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5";
        await using var source = FakeMySql84Source.Start(async (c, _) =>
        {
            await c.WritePayloadAsync(FakePackets.Error(1236, "HY000", "Cannot replicate because the source purged required binary logs."));
            await c.ExpectClientClosesAsync();
        });

        await using var session = await BinlogDumpSession.OpenAsync(source.Options(), new BinlogStart.Gtids(set), Options, CancellationToken.None).WaitAsync(Limit);
        var ex = await Assert.ThrowsAsync<BinlogPositionLostException>(() => session.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Limit));

        Assert.Equal(set, ex.Position);
        Assert.Contains("purged required binary logs", ex.Message, StringComparison.Ordinal);
    }
}
