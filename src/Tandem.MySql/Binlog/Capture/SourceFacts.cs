using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>What capture needs to know about the source server before reading its binlog.</summary>
/// <param name="GtidModeName">MySQL's @@gtid_mode (OFF, OFF_PERMISSIVE, ON_PERMISSIVE, ON); "ON" for MariaDB, whose GTIDs are always on.</param>
internal sealed record SourceFacts(bool IsMariaDb, string Version, string GtidModeName)
{
    /// <summary>Every transaction has a GTID, so the executed GTID set is a position.</summary>
    public bool GtidMode => GtidModeName.Equals("ON", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The server accepts COM_BINLOG_DUMP_GTID: any gtid_mode but OFF (MySQL refuses auto-position only when GTID_MODE is
    /// OFF, ER_AUTO_POSITION_REQUIRES_GTID_MODE_NOT_OFF).
    /// </summary>
    public bool AcceptsGtidStart => IsMariaDb || !GtidModeName.Equals("OFF", StringComparison.OrdinalIgnoreCase);

    public static async Task<SourceFacts> ReadAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var reader = await connection.QueryAsync(
            connection.IsMariaDb
                ? "SELECT @@version"
                : "SELECT @@version, @@gtid_mode",
            ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return new SourceFacts(
            connection.IsMariaDb,
            reader.GetString(0) ?? string.Empty,
            connection.IsMariaDb ? "ON" : reader.GetString(1) ?? "OFF");
    }
}
