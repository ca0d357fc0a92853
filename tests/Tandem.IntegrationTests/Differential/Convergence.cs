using System.Text;
using Tandem.IntegrationTests.Replication;

namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// Whether a copy of the differential database is identical to the source's: the same tables, and for each the same
/// row count, the same CHECKSUM TABLE and the same rows one by one. Every difference found is named, not just counted.
/// </summary>
internal static class Convergence
{
    private const int RowsShown = 10;

    /// <summary>Returns the differences (empty when identical) between the source's database and a copy's.</summary>
    public static async Task<string?> DifferencesAsync(string sourceUri, string copyUri, string database, CancellationToken ct)
    {
        var report = new StringBuilder();
        var tables = await TableComparison.TablesAsync(sourceUri, database);
        var copyTables = await TableComparison.TablesAsync(copyUri, database);
        if (!tables.SequenceEqual(copyTables))
            report.AppendLine($"tables: source [{string.Join(", ", tables)}], copy [{string.Join(", ", copyTables)}]");
        var common = tables.Intersect(copyTables).ToList();
        var source = await TableComparison.FingerprintsAsync(sourceUri, database, common);
        var copy = await TableComparison.FingerprintsAsync(copyUri, database, common);
        foreach (var table in common)
        {
            if (source[table] != copy[table])
                report.AppendLine($"{table}: source {source[table].Rows} rows, CHECKSUM {source[table].Checksum}; copy {copy[table].Rows} rows, CHECKSUM {copy[table].Checksum}");
            foreach (var difference in await RowComparison.FirstDifferencesAsync(sourceUri, copyUri, database, table, RowsShown, ct))
                report.AppendLine("  " + difference);
        }

        return report.Length == 0 ? null : report.ToString();
    }
}
