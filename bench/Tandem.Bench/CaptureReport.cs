using System.Globalization;
using System.Text;

namespace Tandem.Bench;

/// <summary>Renders the capture figures as a console table and as the generated section of bench/RESULTS.md.</summary>
internal static class CaptureReport
{
    private const string Begin = "<!-- capture:begin -->";
    private const string End = "<!-- capture:end -->";

    public static string Table(CaptureFigures f)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{"reader",-72} {"time",9} {"rows/s",11} {"MB/s",7} {"peak RSS",10} {"Tandem/C",9}"));
        foreach (var (name, time, peak, ratio) in Rows(f))
            text.AppendLine(Invariant($"{name,-72} {time.Median,7:0.000} s {f.Rows / time.Median,11:N0} {f.Backlog.Bytes / 1e6 / time.Median,7:N1} {Peak(peak),10} {Ratio(ratio),9}"));
        return text.ToString();
    }

    public static string Render(CaptureBenchOptions options, string command, DateTimeOffset started, BenchEnvironment env, string cTool, CaptureFigures f)
    {
        var b = f.Backlog;
        var md = ResultsFile.BeginSection(Begin, started, command);
        md.AppendLine(Invariant($"- Machine: {env.Cores} cores ({env.Cpu}), {env.Memory} RAM, {env.Kernel}; shared with other engineers' test runs. Server and readers share these cores."));
        md.AppendLine(Invariant($"- Server: MariaDB {env.ServerVersion} (sandbox, binlog_format=ROW, binlog_row_image=FULL, CRC32 checksums, TCP on 127.0.0.1, no TLS)"));
        md.AppendLine(Invariant($"- C tool: {cTool} (client package: {env.MariaDbClient}); load: {env.Sysbench}"));
        md.AppendLine(Invariant($"- Tandem: {env.Runtime}, Release, workstation GC, tiered PGO; commit {env.Commit}"));
        md.AppendLine(Invariant($"- Backlog: `sysbench oltp_write_only` on {options.Tables} tables of {options.TableSize:N0} rows, {options.Threads} threads for {options.Seconds} s: {b.Transactions:N0} transactions, {f.Rows:N0} row changes (mariadb-binlog counted {f.CRows:N0}), {b.Bytes / 1e6:N1} MB of binlog from {b.Start} to {b.End}"));
        md.AppendLine(Invariant($"- {options.Rounds} rounds, the three readers alternating; the median is reported. Times are wall clock, process start included for the two executables."));
        md.AppendLine();
        md.AppendLine("| reader | time | rows/s | binlog MB/s | peak RSS | Tandem/C speed |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, time, peak, ratio) in Rows(f))
        {
            md.AppendLine(Invariant(
                $"| {name} | {time.Median:0.000} s | {f.Rows / time.Median:N0} | {b.Bytes / 1e6 / time.Median:N1} | {Peak(peak)} | {(ratio is null ? "—" : $"**{ratio:0.00}**")} |"));
        }

        md.AppendLine();
        md.AppendLine("Every round:");
        md.AppendLine();
        foreach (var (name, time, peak, _) in Rows(f))
        {
            var rounds = string.Join(", ", time.Rounds.Select(v => Invariant($"{v:0.000} s")));
            var peaks = peak is null ? string.Empty : "; peak RSS " + string.Join(", ", peak.Rounds.Select(v => Invariant($"{v:0.0} MiB")));
            md.AppendLine(Invariant($"- {name}: {rounds}{peaks}"));
        }

        md.AppendLine(End);
        return md.ToString();
    }

    public static Task WriteAsync(string path, string section, CancellationToken ct) =>
        ResultsFile.ReplaceSectionAsync(path, Begin, End, section, ct);

    private static IEnumerable<(string Name, Measurement Time, Measurement? Peak, double? Ratio)> Rows(CaptureFigures f)
    {
        yield return ("C: " + f.InProcess.C.Name, f.InProcess.C, f.CPeak, null);
        yield return (f.InProcess.Tandem.Name, f.InProcess.Tandem, null, f.InProcess.Ratio);
        yield return (f.Cli.Tandem.Name, f.Cli.Tandem, f.CliPeak, f.Cli.Ratio);
    }

    private static string Peak(Measurement? peak) => peak is null ? "—" : Invariant($"{peak.Median:0.0} MiB");

    private static string Ratio(double? ratio) => ratio is null ? "—" : Invariant($"{ratio:0.00}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
