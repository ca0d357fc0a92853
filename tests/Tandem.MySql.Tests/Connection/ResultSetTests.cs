using System.Text;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Connection;

/// <summary>Text result sets as a scripted server sends them: both terminators, several results, packets past 16 MiB
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html,
/// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset.html).</summary>
public sealed class ResultSetTests
{
    private const int MaxPacket = FakeConnection.MaxPacketSize;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Rows_end_with_an_ok_under_deprecate_eof_and_with_eof_packets_without_it(bool deprecateEof)
    {
        ClientHandshakeResponse? response = null;
        byte[]? command = null;
        await using var server = FakeMySqlServer.Start(async c =>
        {
            response = await c.GreetAsync(FakeGreeting.MySql());
            await c.WritePayloadAsync(FakePackets.Ok());
            command = await c.ReadCommandAsync();
            await c.WritePayloadAsync(FakePackets.ColumnCount(2));
            await c.WritePayloadAsync(FakePackets.Column("id", ColumnType.LongLong, ColumnFlags.Unsigned));
            await c.WritePayloadAsync(FakePackets.Column("name", ColumnType.VarString));
            if (!deprecateEof)
            {
                await c.WritePayloadAsync(FakePackets.Eof());
            }

            await c.WritePayloadAsync(FakePackets.TextRow("1", "one"));
            await c.WritePayloadAsync(FakePackets.TextRow("18446744073709551615", null));
            await c.WritePayloadAsync(deprecateEof ? FakePackets.EndOfRowsOk() : FakePackets.Eof());
            await c.ExpectClientClosesAsync();
        });

        var rows = new List<(object? Id, object? Name)>();
        await using (var connection = await MySqlConnection.OpenAsync(server.Uri("pw", deprecateEof ? string.Empty : "deprecate-eof=false")))
        {
            await using var reader = await connection.QueryAsync("SELECT id, name FROM t");
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetValue(0), reader.GetValue(1)));
            }

            Assert.False(await reader.NextResultAsync());
        }

        await server.NextSessionAsync();
        Assert.Equal(deprecateEof, response!.Capabilities.HasFlag(CapabilityFlags.DeprecateEof));
        Assert.Equal([0x03, .. "SELECT id, name FROM t"u8.ToArray()], command);
        Assert.Equal([((object?)1UL, (object?)"one"), (ulong.MaxValue, null)], rows);
    }

    [Fact]
    public async Task Several_result_sets_follow_one_another_while_more_results_exist_is_set()
    {
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.AcceptLoginAndReadCommandAsync(FakeGreeting.MySql());
            await c.WritePayloadAsync(FakePackets.ColumnCount(1));
            await c.WritePayloadAsync(FakePackets.Column("a", ColumnType.Long));
            await c.WritePayloadAsync(FakePackets.TextRow("1"));
            await c.WritePayloadAsync(FakePackets.EndOfRowsOk(ServerStatus.AutoCommit | ServerStatus.MoreResultsExist));
            await c.WritePayloadAsync(FakePackets.Ok(ServerStatus.AutoCommit | ServerStatus.MoreResultsExist, affectedRows: 3));
            await c.WritePayloadAsync(FakePackets.ColumnCount(1));
            await c.WritePayloadAsync(FakePackets.Column("b", ColumnType.VarString));
            await c.WritePayloadAsync(FakePackets.TextRow("x"));
            await c.WritePayloadAsync(FakePackets.TextRow("y"));
            await c.WritePayloadAsync(FakePackets.EndOfRowsOk());
            await c.ExpectClientClosesAsync();
        });

        var results = new List<List<object?>>();
        await using (var connection = await MySqlConnection.OpenAsync(server.Uri("pw")))
        {
            await using var reader = await connection.QueryAsync("SELECT 1; UPDATE t SET x = 1; SELECT b FROM t");
            do
            {
                var values = new List<object?>();
                while (await reader.ReadAsync())
                {
                    values.Add(reader.GetValue(0));
                }

                results.Add(values);
            }
            while (await reader.NextResultAsync());

            Assert.Equal(3UL, reader.LastResult.AffectedRows);

            // The connection is free for the next command only once every result is read.
            Assert.False(connection.Session.IsBroken);
        }

        await server.NextSessionAsync();
        Assert.Equal([[1L], [], ["x", "y"]], results);
    }

    [Theory]
    // The value's 8-byte length prefix makes the row start with 0xFE, the byte that also ends rows under
    // CLIENT_DEPRECATE_EOF; only the row's length (at least 0xFFFFFF) tells them apart.
    [InlineData(MaxPacket + 100)]
    // A row of exactly 0xFFFFFF bytes (0xFD + 3-byte length + value) needs an empty packet after it.
    [InlineData(MaxPacket - 4)]
    public async Task Row_larger_than_one_packet_is_joined_from_continuation_packets(int valueLength)
    {
        var value = new byte[valueLength];
        new Random(valueLength).NextBytes(value);
        var rowPayload = FakePackets.TextRow([value]);
        List<(int Length, byte Sequence)>? sent = null;
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.AcceptLoginAndReadCommandAsync(FakeGreeting.MySql());
            await c.WritePayloadAsync(FakePackets.ColumnCount(1));
            await c.WritePayloadAsync(FakePackets.Column("blob", ColumnType.LongBlob, ColumnFlags.Blob | ColumnFlags.Binary, charset: 63));
            await c.WritePayloadAsync(rowPayload);
            await c.WritePayloadAsync(FakePackets.TextRow([(byte[]?)[1, 2, 3]]));
            await c.WritePayloadAsync(FakePackets.EndOfRowsOk());
            await c.ExpectClientClosesAsync();
            sent = c.ReceivedHeaders;
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri("pw")))
        {
            await using var reader = await connection.QueryAsync("SELECT blob FROM t");
            Assert.True(await reader.ReadAsync());
            Assert.Equal(valueLength, reader.GetRawBytes(0).Length);
            Assert.True(reader.GetRawBytes(0).SequenceEqual(value));
            Assert.True(await reader.ReadAsync());
            Assert.Equal([1, 2, 3], (byte[])reader.GetValue(0)!);
            Assert.False(await reader.ReadAsync());
        }

        await server.NextSessionAsync();
        Assert.True(rowPayload.Length >= MaxPacket);
    }

    [Theory]
    [InlineData(MaxPacket - 1)] // with the command byte, exactly one full packet, then an empty one
    [InlineData(MaxPacket + 10)] // a full packet, then the last 11 bytes
    public async Task Command_larger_than_one_packet_is_sent_as_full_packets_and_a_short_last_one(int sqlLength)
    {
        var sql = new string('x', sqlLength);
        byte[]? command = null;
        List<(int Length, byte Sequence)>? headers = null;
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.GreetAsync(FakeGreeting.MySql());
            await c.WritePayloadAsync(FakePackets.Ok());
            var before = c.ReceivedHeaders.Count;
            command = await c.ReadCommandAsync();
            headers = c.ReceivedHeaders.Skip(before).ToList();
            await c.WritePayloadAsync(FakePackets.Ok(affectedRows: 1));
            await c.ExpectClientClosesAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri("pw")))
        {
            var result = await connection.ExecuteAsync(sql);
            Assert.Equal(1UL, result.AffectedRows);
        }

        await server.NextSessionAsync();
        var total = sqlLength + 1;
        Assert.Equal([(MaxPacket, (byte)0), (total - MaxPacket, (byte)1)], headers);
        Assert.Equal(total, command!.Length);
        Assert.Equal(0x03, command[0]);
        Assert.True(command.AsSpan(1).SequenceEqual(Encoding.ASCII.GetBytes(sql)));
    }

    [Fact]
    public async Task Error_in_answer_to_a_query_is_a_server_exception_and_the_connection_stays_usable()
    {
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.AcceptLoginAndReadCommandAsync(FakeGreeting.MySql());
            await c.WritePayloadAsync(FakePackets.Error(1064, "42000", "You have an error in your SQL syntax"));
            Assert.Equal([0x0E], await c.ReadCommandAsync());
            await c.WritePayloadAsync(FakePackets.Ok());
            await c.ExpectClientClosesAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri("pw")))
        {
            var ex = await Assert.ThrowsAsync<MySqlServerException>(() => connection.ExecuteAsync("SELEC 1"));
            Assert.Equal(1064, ex.ErrorCode);
            Assert.Equal("42000", ex.SqlState);
            await connection.PingAsync();
        }

        await server.NextSessionAsync();
    }
}
