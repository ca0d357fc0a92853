using System.Security.Cryptography;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Client;

/// <summary>Payloads past 16 MiB travel split into 0xFFFFFF packets, in both directions.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class LargePacketTests(MariaDbFixture db)
{
    private const int RowBytes = 64 * 1024 * 1024;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_64_MiB_row_goes_to_the_server_and_comes_back_intact(bool deprecateEof)
    {
        var database = await db.CreateDatabaseAsync("big");
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{database}?deprecate-eof={deprecateEof}");
        await connection.ExecuteAsync("CREATE TABLE blobs (id INT PRIMARY KEY, b LONGBLOB)");

        var payload = new byte[RowBytes];
        new Random(42).NextBytes(payload);
        var expected = SHA256.HashData(payload);

        await using (var insert = await connection.PrepareAsync("INSERT INTO blobs VALUES (?, ?)"))
        {
            await insert.ExecuteAsync([1, payload]);
        }

        // The server's own hash proves the bytes arrived intact, independent of how they are read back.
        var serverHash = await connection.QueryScalarAsync("SELECT SHA2(b, 256) FROM blobs WHERE id = 1");
        Assert.Equal(Convert.ToHexStringLower(expected), serverHash);

        await using (var reader = await connection.QueryAsync("SELECT id, b FROM blobs"))
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(expected, SHA256.HashData(reader.GetRawBytes(1)));
        }

        await using (var select = await connection.PrepareAsync("SELECT b FROM blobs WHERE id = ?"))
        await using (var reader = await select.ExecuteQueryAsync(1))
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(expected, SHA256.HashData(Assert.IsType<byte[]>(reader.GetValue(0))));
        }

        // A text statement over 16 MiB: the hex literal doubles the size.
        await connection.ExecuteAsync($"INSERT INTO blobs VALUES (2, X'{Convert.ToHexString(payload.AsSpan(0, 20 * 1024 * 1024))}')");
        Assert.Equal(20L * 1024 * 1024, await connection.QueryScalarAsync("SELECT LENGTH(b) FROM blobs WHERE id = 2"));
    }

    [Fact]
    public async Task Long_data_sends_values_in_pieces_and_text_keeps_characters_split_between_pieces()
    {
        var database = await db.CreateDatabaseAsync("longdata");
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{database}");
        await connection.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, b LONGBLOB, tx LONGTEXT CHARACTER SET utf8mb4)");
        var bytes = new byte[40 * 1024 * 1024];
        new Random(7).NextBytes(bytes);
        // Four-byte characters with ASCII between them: a 16-byte piece splits surrogate pairs at every offset.
        var text = string.Concat(Enumerable.Repeat("😀a€b", 5_000));

        await using (var insert = await connection.PrepareAsync("INSERT INTO t VALUES (1, ?, ?)"))
        {
            await insert.SendLongDataAsync(0, bytes, 1 << 20);
            await insert.SendLongDataAsync(1, text, 16);
            await insert.ExecuteAsync([MySqlLongData.Binary, MySqlLongData.Text]);
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), await connection.QueryScalarAsync("SELECT SHA2(b, 256) FROM t WHERE id = 1"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))), await connection.QueryScalarAsync("SELECT SHA2(tx, 256) FROM t WHERE id = 1"));
    }

    [Fact]
    public async Task The_server_takes_long_data_up_to_max_allowed_packet_and_refuses_more_at_the_execute()
    {
        var database = await db.CreateDatabaseAsync("longlimit");
        await using var admin = await MySqlConnection.OpenAsync(db.Server.Uri);
        var before = await admin.QueryScalarAsync("SELECT @@GLOBAL.max_allowed_packet");
        await admin.ExecuteAsync($"SET GLOBAL max_allowed_packet = {16 * 1024 * 1024}");
        try
        {
            await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{database}");
            await connection.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, b LONGBLOB)");
            await using var insert = await connection.PrepareAsync("INSERT INTO t VALUES (?, ?)");

            // 16 MiB exactly, in 1 MiB packets: each packet is far below the limit, and so is nothing else.
            var fits = new byte[16 * 1024 * 1024];
            await insert.SendLongDataAsync(1, fits, 1 << 20);
            await insert.ExecuteAsync([1, MySqlLongData.Binary]);
            Assert.Equal(16L * 1024 * 1024, await connection.QueryScalarAsync("SELECT LENGTH(b) FROM t WHERE id = 1"));

            // One byte more: the server assembles the pieces and refuses the value, once, at the execute.
            await insert.SendLongDataAsync(1, new byte[fits.Length + 1], 1 << 20);
            var refused = await Assert.ThrowsAsync<MySqlServerException>(() => insert.ExecuteAsync([2, MySqlLongData.Binary]));
            Assert.Contains("max_allowed_packet", refused.Message, StringComparison.Ordinal);
            Assert.Equal(1L, await connection.QueryScalarAsync("SELECT COUNT(*) FROM t"));
        }
        finally
        {
            await admin.ExecuteAsync($"SET GLOBAL max_allowed_packet = {before}");
        }
    }
}
