using System.Text;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Client;

[Collection(MariaDbCollection.Name)]
public sealed class ResultSetTests(MariaDbFixture db)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Multiple_result_sets_are_read_in_order(bool deprecateEof)
    {
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/?deprecate-eof={deprecateEof}");
        await using var reader = await connection.QueryAsync("SELECT 1 AS a UNION SELECT 2; DO 0; SELECT 'x' AS b, NULL AS c");
        var seen = new List<string>();
        do
        {
            while (await reader.ReadAsync())
            {
                seen.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? "NULL")));
            }
        }
        while (await reader.NextResultAsync());
        Assert.Equal(["1", "2", "x|NULL"], seen);
    }

    [Fact]
    public async Task Values_are_refused_when_there_is_no_current_row()
    {
        await using var connection = await MySqlConnection.OpenAsync(db.Server.Uri);
        await using var reader = await connection.QueryAsync("SELECT 'only' AS v; SELECT 'second' AS w");
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
        Assert.True(await reader.ReadAsync());
        Assert.Equal("only", reader.GetValue(0));
        Assert.False(await reader.ReadAsync());
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
        Assert.True(await reader.NextResultAsync());
        Assert.Throws<InvalidOperationException>(() => reader.IsDBNull(0));
        Assert.True(await reader.ReadAsync());
        Assert.Equal("second", reader.GetString(0));
    }

    [Fact]
    public async Task A_server_error_in_a_later_statement_is_raised_with_code_and_state()
    {
        await using var connection = await MySqlConnection.OpenAsync(db.Server.Uri);
        var ex = await Assert.ThrowsAsync<MySqlServerException>(() => connection.ExecuteAsync("SELECT 1; SELECT * FROM no_such_db.no_such_table"));
        Assert.Equal(1146, ex.ErrorCode);
        Assert.Equal("42S02", ex.SqlState);
        Assert.Equal(1L, await connection.QueryScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task A_large_result_streams_without_holding_it_in_memory()
    {
        var database = await db.CreateDatabaseAsync("stream");
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{database}");
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        long rows = 0;
        long bytes = 0;

        // About 300 MB of row data, read one row at a time.
        await using (var reader = await connection.QueryAsync("SELECT seq, REPEAT('x', 300) FROM seq_1_to_1000000"))
        {
            while (await reader.ReadAsync())
            {
                rows++;
                bytes += reader.GetRawBytes(1).Length;
                if (rows % 100_000 == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false) - before);
                }
            }
        }

        Assert.Equal(1_000_000, rows);
        Assert.Equal(300_000_000, bytes);
        Assert.True(peak < 64 * 1024 * 1024, $"heap grew by {peak} bytes while streaming");
    }

    [Fact]
    public async Task Load_data_local_reads_rows_from_a_stream()
    {
        var database = await db.CreateDatabaseAsync("load");
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{database}");
        await connection.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20)) DEFAULT CHARSET utf8mb4");
        var text = new StringBuilder();
        for (var i = 1; i <= 100_000; i++)
        {
            text.Append(i).Append('\t').Append(i % 7 == 0 ? "😀" : "v" + i).Append('\n');
        }

        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        var result = await connection.LoadDataLocalAsync("LOAD DATA LOCAL INFILE 'stream' INTO TABLE t CHARACTER SET utf8mb4", content);
        Assert.Equal(100_000UL, result.AffectedRows);
        Assert.Equal("😀", await connection.QueryScalarAsync("SELECT v FROM t WHERE id = 7"));
    }

    [Fact]
    public async Task Ping_and_reset_answer()
    {
        await using var connection = await MySqlConnection.OpenAsync(db.Server.Uri);
        await connection.PingAsync();
        await connection.ExecuteAsync("SET @v = 1");
        await connection.ResetAsync();
        Assert.Null(await connection.QueryScalarAsync("SELECT @v"));
    }
}
