using System.Globalization;
using System.Text.Json;

namespace Tandem.Bench;

/// <summary>A row <c>tandem verify</c> reported: its key (column=value, ...) and, for a differing row, the columns that differ.</summary>
internal sealed record VerifiedRow(string Key, IReadOnlyList<string> Columns);

/// <summary>One table of a <c>tandem verify --json</c> report.</summary>
internal sealed record VerifiedTable(
    string Name, string Result, long SourceRows, long TargetRows, long Chunks, long DifferingChunks,
    IReadOnlyList<VerifiedRow> OnlyInSource, IReadOnlyList<VerifiedRow> OnlyInTarget, IReadOnlyList<VerifiedRow> Differing);

/// <summary>
/// One <c>tandem verify</c> run: the process's wall time and CPU (under /usr/bin/time), its exit code, and its report's
/// totals (the time it measured itself, without process start, and the queries it sent to each side).
/// </summary>
internal sealed record TandemVerifyRun(
    TimeSpan Elapsed, int ExitCode, string Result, long Rows, double Seconds, long SourceQueries, long TargetQueries,
    IReadOnlyList<VerifiedTable> Tables, double CpuSeconds, double PeakMiB);

/// <summary>
/// <c>tandem verify --source URI --target URI --tables PATTERN --threads N --json</c>, the Release build of src/Tandem
/// run by <c>dotnet</c> as the other benchmarks do (process start and JIT included in the wall time), with its journal
/// in the run's sandbox.
/// </summary>
internal static class TandemVerify
{
    public static IReadOnlyList<string> Arguments(string sourceUri, string targetUri, string tables, int threads, string journal) =>
    [
        TandemTailLoad.Dll, "verify", "--source", sourceUri, "--target", targetUri, "--tables", tables,
        "--threads", threads.ToString(CultureInfo.InvariantCulture), "--json", "--journal", journal,
    ];

    public static string Command(string tables, int threads) =>
        $"dotnet {TandemTailLoad.Dll} verify --source mysql://root@127.0.0.1:PORT --target mysql://root@127.0.0.1:PORT --tables '{tables}' --threads {threads} --json";

    /// <summary>Runs it; exit 0 (equal) and 1 (different) are results, anything else throws with its output.</summary>
    public static async Task<TandemVerifyRun> RunAsync(string sourceUri, string targetUri, string tables, int threads, string journal, CancellationToken ct)
    {
        if (File.Exists(journal))
            File.Delete(journal);
        var outcome = await ProcessRunner.RunAsync("/usr/bin/time", ToolCpu.Wrap("dotnet", Arguments(sourceUri, targetUri, tables, threads, journal)), ct);
        if (outcome.ExitCode is not (0 or 1))
            throw new InvalidOperationException($"tandem verify exited with {outcome.ExitCode}:{Environment.NewLine}{outcome.StandardError}{outcome.StandardOutput}".Trim());
        var (cpu, peak) = ToolCpu.Parse(outcome.StandardError);
        try
        {
            return Parse(outcome.Elapsed, outcome.ExitCode, outcome.StandardOutput, cpu, peak);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidOperationException($"tandem verify's --json output is not the report expected ({ex.Message}):{Environment.NewLine}{outcome.StandardOutput}", ex);
        }
    }

    private static TandemVerifyRun Parse(TimeSpan elapsed, int exitCode, string json, double cpu, double peak)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var totals = root.GetProperty("totals");
        var tables = root.GetProperty("tables").EnumerateArray().Select(static t => new VerifiedTable(
            t.GetProperty("table").GetString()!,
            t.GetProperty("result").GetString()!,
            t.GetProperty("source_rows").GetInt64(),
            t.GetProperty("target_rows").GetInt64(),
            t.GetProperty("chunks").GetInt64(),
            t.GetProperty("differing_chunks").GetInt64(),
            Rows(t.GetProperty("only_in_source")),
            Rows(t.GetProperty("only_in_target")),
            Rows(t.GetProperty("differing")))).ToList();
        return new TandemVerifyRun(
            elapsed, exitCode, root.GetProperty("result").GetString()!,
            totals.GetProperty("rows").GetInt64(), totals.GetProperty("seconds").GetDouble(),
            totals.GetProperty("source_queries").GetInt64(), totals.GetProperty("target_queries").GetInt64(),
            tables, cpu, peak);
    }

    private static List<VerifiedRow> Rows(JsonElement rows) =>
        [.. rows.EnumerateArray().Select(static r => new VerifiedRow(
            string.Join(", ", (r.TryGetProperty("key", out var key) ? key : r.GetProperty("row")).EnumerateObject().Select(static p => $"{p.Name}={p.Value.GetString()}")),
            r.TryGetProperty("columns", out var columns) ? [.. columns.EnumerateArray().Select(static c => c.GetProperty("column").GetString()!)] : []))];
}
