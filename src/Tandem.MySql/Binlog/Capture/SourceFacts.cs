using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>What capture needs to know about the source server before reading its binlog.</summary>
internal sealed record SourceFacts(bool IsMariaDb, string Version, bool CaseInsensitiveTableNames, string ServerCharacterSet, string ServerCollation, bool GtidMode)
{
    public static async Task<SourceFacts> ReadAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var reader = await connection.QueryAsync(
            connection.IsMariaDb
                ? "SELECT @@version, @@lower_case_table_names, @@character_set_server, @@collation_server, 1"
                : "SELECT @@version, @@lower_case_table_names, @@character_set_server, @@collation_server, @@gtid_mode = 'ON'",
            ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return new SourceFacts(
            connection.IsMariaDb,
            reader.GetString(0) ?? string.Empty,
            Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) != 0,
            reader.GetString(2) ?? "utf8mb4",
            reader.GetString(3) ?? "utf8mb4_general_ci",
            Convert.ToInt64(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture) != 0);
    }
}
