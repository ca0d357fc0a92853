using System.Globalization;
using System.Text;

namespace Tandem.Bench;

/// <summary>Renders the replicate figures as a console table and as the generated section of bench/RESULTS.md.</summary>
internal static class ReplicateReport
{
    public const double CopyGoal = 1.5;
    public const double CatchUpGoal = 1.0;
    public const double CatchUpAim = 1.5;
    public const double LagGoalMs = 1000;

    private const string Begin = "<!-- replicate:begin -->";
    private const string End = "<!-- replicate:end -->";
    private const string NotRun = "not run (--skip-tandem)";

    public static string Table(ReplicateBenchOptions options, ReplicateFigures f)
    {
        var text = new StringBuilder();
        if (f.Copy is { } copy)
        {
            text.AppendLine(Invariant($"1. Full copy, {options.Tables} x {options.TableSize:N0} rows, T={options.Threads} (ratio = contender time / Tandem time; goal mydumper+myloader >= {CopyGoal})"));
            foreach (var row in CopyRows(copy))
                text.AppendLine(Invariant($"   {row.Name,-78} {Seconds(row.Time),10} {row.PeakText,16} {row.Ratio,6}  {row.Goal}"));
        }

        if (f.CatchUp is { } catchUp)
        {
            text.AppendLine(Invariant($"2. Catch-up of {catchUp.Transactions:N0} transactions ({catchUp.BinlogBytes / 1e6:N1} MB of binlog) (ratio = native time / Tandem time; goal >= {CatchUpGoal} of the faster native mode, aim {CatchUpAim})"));
            foreach (var row in CatchUpRows(catchUp))
                text.AppendLine(Invariant($"   {row.Name,-78} {Seconds(row.Time),10} {row.PeakText,16} {row.Ratio,6}  {row.Goal}"));
        }

        if (f.Lag is { } lag)
        {
            text.AppendLine(Invariant($"3. Steady-state lag at --rate={lag.Rate} (half of {lag.MaxPerSecond:N1} tps) for {options.LagSeconds} s (goal: Tandem p99 < {LagGoalMs / 1000:0} s)"));
            foreach (var row in LagRows(lag))
            {
                text.AppendLine(row.P50 == "—"
                    ? Invariant($"   {row.Name,-78} {row.PerSecond}")
                    : Invariant($"   {row.Name,-78} {row.PerSecond,8} tps  p50 {row.P50,9}  p99 {row.P99,9}  max {row.Max,9}  probes {row.Probes,9}  {row.Goal}"));
            }
        }

        text.AppendLine(Invariant($"4. Peak RSS of tandem: {string.Join("; ", PeakRows(f).Select(p => $"{p.Phase} {p.Peak}"))}"));
        return text.ToString();
    }

    public static string Render(ReplicateBenchOptions options, string command, DateTimeOffset started, BenchEnvironment env, ReplicateTools tools, ReplicateFigures f)
    {
        var md = ResultsFile.BeginSection(Begin, started, command);
        md.AppendLine(Invariant($"- Machine: {env.Cores} cores ({env.Cpu}), {env.Memory} RAM, {env.Kernel}. Both servers, the tools and Tandem share these cores."));
        md.AppendLine(Invariant($"- Servers: two sandbox MariaDB {env.ServerVersion}, 1 GiB buffer pool each, innodb_flush_log_at_trx_commit=2, sync_binlog=0; source binlog ROW/FULL with GTIDs (server_id 1), target without a binlog (server_id 2); TCP on 127.0.0.1, no TLS"));
        md.AppendLine(Invariant($"- Tools: {tools.MariaDbDump}; {tools.Mydumper}; {tools.Myloader} (defaults: 1000 queries per transaction, binlog off); {env.Sysbench}"));
        md.AppendLine(Invariant($"- Tandem: {(options.SkipTandem ? NotRun : TandemRun.Override is { } fake ? $"**`{fake}` stood in for tandem (TANDEM_BENCH_COMMAND): a harness test, not Tandem's figures**" : $"{env.Runtime}, Release")}; commit {env.Commit}"));
        md.AppendLine(Invariant($"- Data: sysbench, {options.Tables} tables x {options.TableSize:N0} rows; T = {options.Threads} (mydumper/myloader threads, Tandem copy_threads and writer_threads); write loads with {options.LoadThreads} sysbench threads; {options.Rounds} round(s), medians"));
        md.AppendLine(Invariant($"- Load average (1 min, /proc/loadavg) when each phase began and at the end: {string.Join(", ", f.Load.Select(l => $"{l.Phase} {l.Load}"))}"));
        md.AppendLine();

        if (f.Copy is { } copy)
        {
            md.AppendLine(Invariant($"#### 1. Full copy ({copy.Rows:N0} rows, {copy.DataMegabytes:N1} MB of data and indexes on the source)"));
            md.AppendLine();
            md.AppendLine("| contender | time | rows/s | peak RSS (dump / load) | contender time / Tandem time | goal |");
            md.AppendLine("|---|---:|---:|---:|---:|---|");
            foreach (var row in CopyRows(copy))
                md.AppendLine(Invariant($"| {Cell(row.Name)} | {Seconds(row.Time)} | {RowsPerSecond(copy.Rows, row.Time)} | {row.PeakText} | {Bold(row.Ratio)} | {row.Goal} |"));
            md.AppendLine();
            md.AppendLine(Invariant($"mydumper + myloader: dump {Seconds(copy.Mydumper)} + load {Seconds(copy.Myloader)} (medians), peak RSS mydumper {Peak(copy.MydumperPeak)}, myloader {Peak(copy.MyloaderPeak)}; mariadb-dump {Peak(copy.DumpPeak)}, mariadb {Peak(copy.DumpLoadPeak)}."));
            md.AppendLine();
        }

        if (f.CatchUp is { } c)
        {
            md.AppendLine(Invariant($"#### 2. Catch-up ({c.Transactions:N0} sysbench transactions, {c.BinlogBytes / 1e6:N1} MB of binlog, {options.BacklogSeconds} s of oltp_write_only)"));
            md.AppendLine();
            md.AppendLine(Invariant($"From the copy at GTID {c.From} (binlog {c.Start}) to GTID {c.To} (binlog {c.End}). slave_parallel_mode's default here: {c.ParallelModeDefault}."));
            md.AppendLine();
            md.AppendLine("| contender | time | transactions/s | peak RSS | native time / Tandem time | goal |");
            md.AppendLine("|---|---:|---:|---:|---:|---|");
            foreach (var row in CatchUpRows(c))
                md.AppendLine(Invariant($"| {Cell(row.Name)} | {Seconds(row.Time)} | {RowsPerSecond(c.Transactions, row.Time)} | {row.PeakText} | {Bold(row.Ratio)} | {row.Goal} |"));
            md.AppendLine();
        }

        if (f.Lag is { } lag)
        {
            md.AppendLine(Invariant($"#### 3. Steady-state lag (sysbench oltp_write_only --rate={lag.Rate}, half the source's {lag.MaxPerSecond:N1} tps maximum, for {options.LagSeconds} s)"));
            md.AppendLine();
            md.AppendLine("| replica | tps driven | p50 | p99 | max | probes (missing) | peak RSS | goal |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
            foreach (var row in LagRows(lag))
                md.AppendLine(Invariant($"| {Cell(row.Name)} | {row.PerSecond} | {row.P50} | {Bold(row.P99)} | {row.Max} | {row.Probes} | {row.Peak} | {row.Goal} |"));
            md.AppendLine();
        }

        md.AppendLine("#### 4. Peak RSS of tandem");
        md.AppendLine();
        md.AppendLine("| phase | peak RSS |");
        md.AppendLine("|---|---:|");
        foreach (var (phase, peak) in PeakRows(f))
            md.AppendLine(Invariant($"| {phase} | {peak} |"));
        md.AppendLine();

        md.AppendLine("Every round:");
        md.AppendLine();
        foreach (var m in Rounds(f))
            md.AppendLine(Invariant($"- {Cell(m.Name)}: {string.Join(", ", m.Rounds.Select(v => m.Unit == "s" ? $"{v:0.000} s" : $"{v:0.0} {m.Unit}"))}"));
        md.AppendLine(End);
        return md.ToString();
    }

    public static Task WriteAsync(string path, string section, CancellationToken ct) =>
        ResultsFile.ReplaceSectionAsync(path, Begin, End, section, ct);

    private sealed record TimeRow(string Name, Measurement? Time, string PeakText, string Ratio, string Goal);

    private sealed record LagRow(string Name, string PerSecond, string P50, string P99, string Max, string Probes, string Peak, string Goal);

    private static IEnumerable<TimeRow> CopyRows(CopyFigures copy)
    {
        var tandem = copy.Tandem;
        yield return new TimeRow(copy.DumpPipe.Name, copy.DumpPipe, Peaks(copy.DumpPeak, copy.DumpLoadPeak), RatioText(copy.DumpPipe, tandem), "—");
        var ratio = Ratio(copy.MyTotal, tandem);
        yield return new TimeRow(copy.MyTotal.Name, copy.MyTotal, Peaks(copy.MydumperPeak, copy.MyloaderPeak), RatioText(copy.MyTotal, tandem), GoalText(ratio, CopyGoal, null));
        yield return new TimeRow(copy.Tandem?.Name ?? "tandem run, mode: full", tandem, Peak(copy.TandemPeak), tandem is null ? NotRun : "—", "—");
    }

    private static IEnumerable<TimeRow> CatchUpRows(CatchUpFigures c)
    {
        var tandem = c.Tandem;
        var faster = c.NativeSerial.Median <= c.NativeParallel.Median ? c.NativeSerial : c.NativeParallel;
        foreach (var native in new[] { c.NativeSerial, c.NativeParallel })
        {
            var goal = ReferenceEquals(native, faster) ? GoalText(Ratio(native, tandem), CatchUpGoal, CatchUpAim) + " (the faster native mode)" : "—";
            yield return new TimeRow(native.Name, native, "—", RatioText(native, tandem), goal);
        }

        yield return new TimeRow(tandem?.Name ?? "tandem run, mode: incremental", tandem, Peak(c.TandemPeak), tandem is null ? NotRun : "—", "—");
    }

    private static IEnumerable<LagRow> LagRows(LagPhaseFigures lag)
    {
        yield return Row($"native replication, {NativeReplica.Describe(ReplicateBenchmark.ParallelThreads)}", lag.NativePerSecond, lag.Native, null, "—");
        if (lag.Tandem is null)
        {
            yield return new LagRow("tandem run, mode: full+incremental", NotRun, "—", "—", "—", "—", "—", "—");
            yield break;
        }

        var p99 = lag.Tandem.Percentile(99);
        yield return Row("tandem run, mode: full+incremental", lag.TandemPerSecond ?? 0, lag.Tandem, lag.TandemPeak,
            p99 < LagGoalMs ? Invariant($"met (p99 < {LagGoalMs / 1000:0} s)") : Invariant($"missed (p99 ≥ {LagGoalMs / 1000:0} s)"));

        static LagRow Row(string name, double perSecond, LagFigures f, double? peak, string goal) => new(
            name, Invariant($"{perSecond:N1}"), Millis(f.Percentile(50)), Millis(f.Percentile(99)), Millis(f.Max),
            Invariant($"{f.Probes} ({f.Missing})"), peak is { } p ? Invariant($"{p:0.0} MiB") : "—", goal);
    }

    private static IEnumerable<(string Phase, string Peak)> PeakRows(ReplicateFigures f)
    {
        if (f.Copy is { } copy)
            yield return ("full copy (mode: full)", Peak(copy.TandemPeak));
        if (f.CatchUp is { } catchUp)
            yield return ("catch-up (mode: incremental)", Peak(catchUp.TandemPeak));
        if (f.Lag is { } lag)
            yield return ("steady state (mode: full+incremental, copy included)", lag.TandemPeak is { } p ? Invariant($"{p:0.0} MiB") : "—");
    }

    private static IEnumerable<Measurement> Rounds(ReplicateFigures f)
    {
        if (f.Copy is { } c)
        {
            foreach (var m in new[] { c.DumpPipe, c.Mydumper, c.Myloader, c.MyTotal, c.Tandem, c.TandemPeak })
            {
                if (m is not null)
                    yield return m;
            }
        }

        if (f.CatchUp is { } u)
        {
            foreach (var m in new[] { u.NativeSerial, u.NativeParallel, u.Tandem, u.TandemPeak })
            {
                if (m is not null)
                    yield return m;
            }
        }
    }

    private static double? Ratio(Measurement contender, Measurement? tandem) =>
        tandem is null || tandem.Rounds.Count == 0 ? null : contender.Median / tandem.Median;

    private static string RatioText(Measurement contender, Measurement? tandem) =>
        Ratio(contender, tandem) is { } r ? Invariant($"{r:0.00}") : "—";

    private static string GoalText(double? ratio, double goal, double? aim) => ratio switch
    {
        null => Invariant($"≥ {goal} (Tandem not run)"),
        { } r when aim is { } a && r >= a => Invariant($"met (≥ {goal}, aim {a} met)"),
        { } r when r >= goal => aim is { } a ? Invariant($"met (≥ {goal}; aim {a} not reached)") : Invariant($"met (≥ {goal})"),
        _ => Invariant($"missed (goal ≥ {goal})"),
    };

    private static string Seconds(Measurement? m) => m is null || m.Rounds.Count == 0 ? "—" : Invariant($"{m.Median:0.000} s");

    private static string Peak(Measurement? m) => m is null || m.Rounds.Count == 0 ? "—" : Invariant($"{m.Median:0.0} MiB");

    /// <summary>Two processes' peaks (dump / load).</summary>
    private static string Peaks(Measurement dump, Measurement load) =>
        dump.Rounds.Count == 0 ? "—" : Invariant($"{dump.Median:0.0} / {load.Median:0.0} MiB");

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string RowsPerSecond(long count, Measurement? m) => m is null || m.Rounds.Count == 0 ? "—" : Invariant($"{count / m.Median:N0}");

    private static string Millis(double ms) => double.IsPositiveInfinity(ms) ? "∞ (missing probes)" : ms < 100 ? Invariant($"{ms:0.0} ms") : Invariant($"{ms:N0} ms");

    private static string Bold(string value) => value is "—" || value.StartsWith("not run", StringComparison.Ordinal) ? value : $"**{value}**";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
