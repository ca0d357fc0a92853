using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>One pt-table-checksum run: its wall time, what it says it checksummed, and the CPU it used itself.</summary>
internal sealed record PtChecksumRun(TimeSpan Elapsed, int Tables, long Rows, long Chunks, long Errors, long Skipped, double CpuSeconds);

/// <summary>
/// percona-toolkit's pt-table-checksum checksumming one database on the source alone: no replicas to find
/// (<c>--recursion-method=none</c>), no checks that only matter to replicas, no version check (it calls Percona's
/// server over the network). It writes each chunk's checksum to percona.checksums on the source, with
/// <c>REPLACE INTO ... SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS('#', columns...)))</c> over a range of the primary key,
/// chunks sized to take --chunk-time (0.5 s by default), one chunk at a time.
/// </summary>
internal static partial class PtTableChecksum
{
    public static IReadOnlyList<string> Arguments(int port, string database) =>
    [
        $"h=127.0.0.1,P={port},u=root", "--recursion-method=none", "--no-check-binlog-format", "--no-check-replication-filters",
        "--no-version-check", $"--databases={database}",
    ];

    public static string Command(string database) =>
        $"pt-table-checksum h=127.0.0.1,P=PORT,u=root {string.Join(' ', Arguments(0, database).Skip(1))}";

    /// <summary>Runs it; throws unless it exits 0 and reports no errors and no skipped chunks.</summary>
    public static async Task<PtChecksumRun> RunAsync(int port, string database, CancellationToken ct)
    {
        var outcome = await ProcessRunner.RunAsync("/usr/bin/time", ToolCpu.Wrap("pt-table-checksum", Arguments(port, database)), ct);
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"pt-table-checksum exited with {outcome.ExitCode} (a bit mask, see its EXIT STATUS):{Environment.NewLine}{outcome.StandardOutput}{outcome.StandardError}".Trim());
        }

        var tables = 0;
        long rows = 0, chunks = 0, errors = 0, skipped = 0;
        foreach (Match line in TableLine().Matches(outcome.StandardOutput))
        {
            tables++;
            errors += long.Parse(line.Groups["errors"].Value, CultureInfo.InvariantCulture);
            rows += long.Parse(line.Groups["rows"].Value, CultureInfo.InvariantCulture);
            chunks += long.Parse(line.Groups["chunks"].Value, CultureInfo.InvariantCulture);
            skipped += long.Parse(line.Groups["skipped"].Value, CultureInfo.InvariantCulture);
        }

        if (tables == 0 || errors > 0 || skipped > 0)
            throw new InvalidOperationException($"pt-table-checksum reported {tables} tables, {errors} errors, {skipped} skipped chunks:{Environment.NewLine}{outcome.StandardOutput}{outcome.StandardError}".Trim());
        return new PtChecksumRun(outcome.Elapsed, tables, rows, chunks, errors, skipped, ToolCpu.Parse(outcome.StandardError).CpuSeconds);
    }

    public static async Task<string> VersionAsync(CancellationToken ct) =>
        (await ProcessRunner.RunCheckedAsync("pt-table-checksum", ["--version"], ct)).StandardOutput.Trim();

    // "            TS ERRORS  DIFFS     ROWS  DIFF_ROWS  CHUNKS SKIPPED    TIME TABLE", then one line per table.
    [GeneratedRegex(@"^\S+\s+(?<errors>\d+)\s+(?<diffs>\d+)\s+(?<rows>\d+)\s+(?<diffrows>\d+)\s+(?<chunks>\d+)\s+(?<skipped>\d+)\s+(?<time>[\d.]+)\s+(?<table>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TableLine();
}
