using System.Diagnostics;
using Tandem.MySql.Protocol;

namespace Tandem.Bench;

/// <summary>How the streamed rows are consumed.</summary>
internal enum StreamingMode
{
    /// <summary>GetValue on every column: the exact .NET value (int, string, ...) of each.</summary>
    DecodeValues,

    /// <summary>GetRawBytes on every column, folding every byte into a checksum: no decoding.</summary>
    RawBytes,
}

/// <summary>One full <c>SELECT *</c> of the big table, streamed row by row, as Tandem or as <c>mariadb --quick</c>.</summary>
internal static class StreamingLoad
{
    public const string Query = "SELECT * FROM bench.big";

    /// <summary>Creates bench.big: sbtest-like rows (id, k, c CHAR(120), pad CHAR(60)) from the sequence engine.</summary>
    public static string CreateTableSql(int rows) =>
        $"""
        CREATE DATABASE IF NOT EXISTS bench;
        DROP TABLE IF EXISTS bench.big;
        CREATE TABLE bench.big (
            id INT NOT NULL PRIMARY KEY,
            k INT NOT NULL,
            c CHAR(120) NOT NULL,
            pad CHAR(60) NOT NULL
        ) ENGINE=InnoDB;
        INSERT INTO bench.big
        SELECT seq, (seq * 7919) % {rows}, RPAD(CONCAT(seq, '-', MD5(seq), '-', SHA1(seq)), 119, '-0123456789'),
               RPAD(MD5(seq * 31), 59, '-')
        FROM bench.seq_1_to_{rows};
        """;

    /// <summary>Wall time of the C client streaming the table to /dev/null (process start included).</summary>
    public static async Task<TimeSpan> RunMariaDbQuickAsync(int port, CancellationToken ct)
    {
        // sh only redirects; exec hands the process over to mariadb, so its start costs ~1 ms.
        var command = $"exec mariadb --no-defaults --quick -h 127.0.0.1 -P {port} -u root -N -B -e '{Query}' > /dev/null";
        var outcome = await ProcessRunner.RunCheckedAsync("sh", ["-c", command], ct);
        return outcome.Elapsed;
    }

    /// <summary>Wall time of Tandem connecting, streaming every row and touching every value.</summary>
    public static async Task<TimeSpan> RunTandemAsync(string uri, int expectedRows, StreamingMode mode, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var connection = await MySqlConnection.OpenAsync(uri, ct);
        long rows = 0;
        long checksum = 0;
        await using (connection)
        {
            var reader = await connection.QueryAsync(Query, ct);
            await using (reader)
            {
                var fields = reader.FieldCount;
                while (await reader.ReadAsync(ct))
                {
                    rows++;
                    for (var i = 0; i < fields; i++)
                        checksum += mode == StreamingMode.DecodeValues ? Touch(reader.GetValue(i)) : Touch(reader.GetRawBytes(i));
                }
            }
        }

        stopwatch.Stop();
        if (rows != expectedRows || checksum == 0)
            throw new InvalidOperationException($"streamed {rows} rows (checksum {checksum}), expected {expectedRows}");
        return stopwatch.Elapsed;
    }

    private static long Touch(object? value) => value switch
    {
        null => 0,
        string s => s.Length,
        int i => i,
        long l => l,
        _ => 1,
    };

    private static long Touch(ReadOnlySpan<byte> bytes)
    {
        long sum = 0;
        foreach (var b in bytes)
            sum += b;
        return sum;
    }
}
