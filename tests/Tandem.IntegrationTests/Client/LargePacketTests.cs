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
}
