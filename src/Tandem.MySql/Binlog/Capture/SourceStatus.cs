using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>Reads where the source's binlog ends now, and (MariaDB) the GTID position at a file offset.</summary>
public static class SourceStatus
{
    private const int ErrorSyntax = 1064;

    public static async Task<(string File, long Offset, string? ExecutedGtids)> ReadAsync(MySqlConnection connection, CancellationToken ct)
    {
        // MySQL 8.4 removed SHOW MASTER STATUS in favour of SHOW BINARY LOG STATUS (8.2+).
        MySqlDataReader reader;
        try
        {
            reader = await connection.QueryAsync("SHOW MASTER STATUS", ct).ConfigureAwait(false);
        }
        catch (MySqlServerException ex) when (ex.ErrorCode == ErrorSyntax)
        {
            reader = await connection.QueryAsync("SHOW BINARY LOG STATUS", ct).ConfigureAwait(false);
        }

        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                throw new MySqlException(
                    $"{connection.Options.DisplayName} has binary logging turned off",
                    "start the source with log_bin (and binlog_format=ROW, binlog_row_image=FULL); 'tandem check' lists every setting capture needs");
            }

            var executed = reader.FieldCount > 4 && !reader.IsDBNull(4) ? reader.GetString(4)!.Replace("\n", string.Empty, StringComparison.Ordinal) : null;
            return (reader.GetString(0)!, Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), executed);
        }
    }

    /// <summary>MariaDB's BINLOG_GTID_POS: the GTID position equivalent to a file offset; null when the server cannot tell.</summary>
    public static async Task<string?> MariaDbGtidAtAsync(MySqlConnection connection, string file, long offset, CancellationToken ct)
    {
        // GetString, not a scalar cast: a session with character_set_results=binary (the copy's) gets the text as bytes.
        var reader = await connection.QueryAsync(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT BINLOG_GTID_POS({Protocol.Values.SqlLiteral.Quote(file)}, {offset})"), ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
            return await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetString(0) : null;
    }

    /// <summary>Where the source's binlog ends now, with the GTIDs up to there (MariaDB's position, or MySQL's executed set).</summary>
    public static async Task<BinlogPosition> CurrentPositionAsync(MySqlConnection connection, CancellationToken ct)
    {
        var (file, offset, executed) = await ReadAsync(connection, ct).ConfigureAwait(false);
        var gtids = connection.IsMariaDb ? await MariaDbGtidAtAsync(connection, file, offset, ct).ConfigureAwait(false) : executed;
        return new BinlogPosition(file, offset, gtids);
    }
}
