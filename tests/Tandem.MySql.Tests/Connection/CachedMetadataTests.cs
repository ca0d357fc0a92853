using System.Buffers.Binary;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Connection;

/// <summary>
/// MARIADB_CLIENT_CACHE_METADATA: a "metadata follows" byte after each column count, and executes of an unchanged
/// prepared statement without definitions (https://mariadb.com/kb/en/result-set-packets/#column-count-packet).
/// </summary>
public sealed class CachedMetadataTests
{
    private static readonly FakeGreeting Greeting = new()
    {
        ServerVersion = "5.5.5-10.11.6-MariaDB",
        Capabilities = (FakeGreeting.MySqlCapabilities & ~CapabilityFlags.LongPassword) | CapabilityFlags.MariaDbCacheMetadata,
        AuthPluginName = "mysql_native_password",
    };

    [Fact]
    public async Task An_execute_without_definitions_reuses_the_ones_sent_before()
    {
        byte[]? closeCommand = null;
        ClientHandshakeResponse? login = null;
        await using var server = FakeMySqlServer.Start(async c =>
        {
            login = await c.GreetAsync(Greeting);
            await c.WritePayloadAsync(FakePackets.Ok());
            Assert.Equal((byte)CommandKind.StmtPrepare, (await c.ReadCommandAsync())[0]);
            await c.WritePayloadAsync([0x00, 7, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
            await c.WritePayloadAsync(FakePackets.Column("?", ColumnType.LongLong));
            await c.WritePayloadAsync(FakePackets.Column("v", ColumnType.LongLong));

            // First execute: definitions follow (flag 1); second: skipped (flag 0), rows straight after the count.
            foreach (var (flag, value) in new[] { ((byte)1, 41L), ((byte)0, 42L) })
            {
                Assert.Equal((byte)CommandKind.StmtExecute, (await c.ReadCommandAsync())[0]);
                await c.WritePayloadAsync([.. FakePackets.ColumnCount(1), flag]);
                if (flag == 1)
                {
                    await c.WritePayloadAsync(FakePackets.Column("v", ColumnType.LongLong));
                }

                await c.WritePayloadAsync(BinaryRow(value));
                await c.WritePayloadAsync(FakePackets.EndOfRowsOk());
            }

            // COM_QUERY results carry the byte too, always 1.
            Assert.Equal((byte)CommandKind.Query, (await c.ReadCommandAsync())[0]);
            await c.WritePayloadAsync([.. FakePackets.ColumnCount(1), 1]);
            await c.WritePayloadAsync(FakePackets.Column("t", ColumnType.VarString));
            await c.WritePayloadAsync(FakePackets.TextRow("text"));
            await c.WritePayloadAsync(FakePackets.EndOfRowsOk());

            closeCommand = await c.ReadCommandAsync();
            await c.ExpectClientClosesAsync();
        });

        var values = new List<object?>();
        await using (var connection = await MySqlConnection.OpenAsync(server.Uri("pw")))
        {
            await using (var statement = await connection.PrepareAsync("SELECT v FROM t WHERE id = ?"))
            {
                foreach (var id in new[] { 1, 2 })
                {
                    await using var reader = await statement.ExecuteQueryAsync(id);
                    Assert.True(await reader.ReadAsync());
                    Assert.Equal("v", reader.Columns[0].Name);
                    values.Add(reader.GetValue(0));
                    Assert.False(await reader.ReadAsync());
                }

                values.Add(await connection.QueryScalarAsync("SELECT 'text'"));
            }
        }

        await server.NextSessionAsync();
        Assert.Equal((uint)((ulong)CapabilityFlags.MariaDbCacheMetadata >> 32), login!.MariaDbCapabilities);
        Assert.Equal([41L, 42L, "text"], values);
        Assert.Equal([(byte)CommandKind.StmtClose, 7, 0, 0, 0], closeCommand);
    }

    private static byte[] BinaryRow(long value)
    {
        var row = new byte[1 + 1 + 8];
        BinaryPrimitives.WriteInt64LittleEndian(row.AsSpan(2), value);
        return row;
    }
}
