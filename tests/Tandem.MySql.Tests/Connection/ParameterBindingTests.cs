using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Connection;

/// <summary>
/// COM_STMT_EXECUTE's new-params-bound flag: types go with the first execute and whenever they change; the
/// server keeps the last ones otherwise (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html).
/// </summary>
public sealed class ParameterBindingTests
{
    // 0x17, statement id (4), cursor flags (1), iteration count (4), NULL bitmap (1 for one parameter), then the flag.
    private const int BoundFlagOffset = 11;

    [Fact]
    public async Task Types_are_sent_on_the_first_execute_and_again_only_when_they_change()
    {
        var executes = new List<byte[]>();
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.AcceptLoginAndReadCommandAsync(FakeGreeting.MySql("mysql_native_password"));
            await c.WritePayloadAsync([0x00, 9, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
            await c.WritePayloadAsync(FakePackets.Column("?", ColumnType.LongLong));
            for (var i = 0; i < 6; i++)
            {
                executes.Add(await c.ReadCommandAsync());
                await c.WritePayloadAsync(i == 3 ? FakePackets.Error(1062, "23000", "Duplicate entry") : FakePackets.Ok(affectedRows: 1));
            }

            await c.ReadCommandAsync(); // COM_STMT_CLOSE
            await c.ExpectClientClosesAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri("pw")))
        await using (var statement = await connection.PrepareAsync("UPDATE t SET v = 1 WHERE id = ?"))
        {
            await statement.ExecuteAsync([5]);
            await statement.ExecuteAsync([6]);
            await statement.ExecuteAsync([null]);
            await Assert.ThrowsAsync<MySqlServerException>(() => statement.ExecuteAsync(["x"]));
            await statement.ExecuteAsync(["y"]);
            await statement.ExecuteAsync(["z"]);
        }

        await server.NextSessionAsync();

        // int (new), int (same), NULL (changed), string (changed, failed), string (resent after the failure), string (same).
        Assert.Equal([1, 0, 1, 1, 1, 0], executes.Select(e => (int)e[BoundFlagOffset]));
        Assert.Equal((byte)ColumnType.Null, executes[2][BoundFlagOffset + 1]);
        Assert.Equal(executes[4].Length, executes[5].Length + 2);
    }
}
