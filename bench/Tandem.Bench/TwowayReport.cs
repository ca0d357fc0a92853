using System.Globalization;
using System.Text;

namespace Tandem.Bench;

/// <summary>Renders the twoway figures as a console table and as the generated section of bench/RESULTS.md.</summary>
internal static class TwowayReport
{
    private const string Begin = "<!-- twoway:begin -->";
    private const string End = "<!-- twoway:end -->";

    private static readonly (string Label, string Slug)[] Directions = [("a→b", "a-b"), ("b→a", "b-a")];

    public static string Table(TwowayBenchOptions options, TwowayFigures f)
    {
        var text = new StringBuilder();
        var tandem = Tandem(f);
        if (options.Runs("throughput"))
        {
            text.AppendLine(Invariant($"1. Throughput: oltp_write_only at full speed on both sides for {options.Seconds} s, {options.LoadThreads} threads each (replicated txn/s = both sides' transactions / time until both directions caught up; Tandem / native above 1: Tandem faster)"));
            foreach (var c in f.Contenders.Where(c => c.Throughput is not null))
            {
                var t = c.Throughput!;
                text.AppendLine(Invariant(
                    $"   {c.Name,-72} a {t.PerSecondA,7:N1} tps  b {t.PerSecondB,7:N1} tps  {t.Transactions,9:N0} txns  caught up {t.CaughtUp.TotalSeconds,6:N1} s (+{t.Drain.TotalSeconds:N1})  {t.ReplicatedPerSecond,8:N1} txn/s  {ThroughputRatio(tandem, c),6}"));
            }
        }

        if (options.Runs("lag"))
        {
            text.AppendLine(Invariant($"2. Lag: oltp_write_only --rate={options.Rate} on each side for {options.Seconds} s, a probe every 100 ms each way (Tandem p99 / native p99 below 1: Tandem lags less)"));
            foreach (var c in f.Contenders.Where(c => c.Lag is not null))
            {
                foreach (var (label, _) in Directions)
                {
                    var probe = Probe(c.Lag!, label);
                    text.AppendLine(Invariant(
                        $"   {c.Name,-72} {label}  p50 {Millis(probe.Percentile(50)),9}  p99 {Millis(probe.Percentile(99)),9}  max {Millis(probe.Max),9}  probes {probe.Probes,4} ({probe.Missing})  {LagRatio(tandem, c, label),6}"));
                }
            }
        }

        text.AppendLine("3. CPU from the load start until both directions caught up (mariadbd a, mariadbd b, tandem; machine busy; servers + tandem per 1,000 transactions)");
        foreach (var (c, phase, cpu, transactions) in CpuRows(f))
        {
            text.AppendLine(Invariant(
                $"   {c.Name,-72} {phase,-10} a {cpu.ServerA,6:0.0} s  b {cpu.ServerB,6:0.0} s  tandem {(cpu.Tandem is { } t ? Invariant($"{t,6:0.0} s") : "     —")}  busy {cpu.MachineBusy * 100,3:0}%  {cpu.Replication * 1000 / transactions,6:0.00} s"));
        }

        foreach (var process in tandem?.Processes ?? [])
        {
            var statusLags = tandem!.StatusLags(process.Purpose);
            foreach (var s in process.Summaries)
            {
                text.AppendLine(Invariant($"4. tandem ({process.Purpose} process) {s.Line}"));
                if (StatusLags(statusLags, s.Task) is { Count: > 0 } during)
                    text.AppendLine(Invariant($"   status lines while the loads ran: {during.Count} lines, heartbeat_lag p50 {LinkStatus.Percentile(during, 50):0.00}s p99 {LinkStatus.Percentile(during, 99):0.00}s max {during.Max():0.00}s"));
            }
        }

        if (tandem is not null)
        {
            text.AppendLine(Invariant($"5. Peak RSS of tandem: {string.Join("; ", tandem.Processes.Select(p => Invariant($"{p.Purpose} {p.PeakMiB:0.0} MiB")))}"));
            if (f.TandemCopy is { } copy && f.TandemStreaming is { } streaming)
                text.AppendLine(Invariant($"   (the link's copy of a to b took {copy.TotalSeconds:N1} s; both directions caught up at {streaming.TotalSeconds:N1} s)"));
        }

        return text.ToString();
    }

    public static string Render(TwowayBenchOptions options, string command, DateTimeOffset started, BenchEnvironment env, TandemLink link, TwowayFigures f)
    {
        var md = ResultsFile.BeginSection(Begin, started, command);
        var tandem = Tandem(f);
        md.AppendLine(Invariant($"- Machine: {env.Cores} cores ({env.Cpu}), {env.Memory} RAM, {env.Kernel}. Both servers, sysbench (both sides), the probes and Tandem share these cores."));
        md.AppendLine(Invariant($"- Servers: two sandbox MariaDB {env.ServerVersion}, a and b, 1 GiB buffer pool each, innodb_flush_log_at_trx_commit=2, sync_binlog=0; both with binlog ROW/FULL and GTIDs, server_id 1 and 2, gtid_domain_id 1 and 2, log_slave_updates OFF; TCP on 127.0.0.1, no TLS"));
        md.AppendLine(Invariant($"- Tandem: {(options.SkipTandem ? "not run (--skip-tandem)" : $"{env.Runtime}, Release")}; commit {env.Commit}; {env.Sysbench}"));
        md.AppendLine(Invariant($"- Data: sysbench oltp_write_only tables, {options.Tables} x {options.TableSize:N0} rows in each of app_a and app_b, prepared on a; loads: sysbench on a into app_a and on b into app_b at once, {options.LoadThreads} threads each, {options.Seconds} s per phase, after a warm-up of {options.WarmupSeconds} s at --rate={options.Rate} on both sides (every contender, every phase)"));
        md.AppendLine(Invariant($"- Load average (1 min, /proc/loadavg) when each contender began and at the end: {string.Join(", ", f.Load.Select(l => $"{l.Phase} {l.Load}"))}"));
        md.AppendLine();

        md.AppendLine("#### Summary");
        md.AppendLine();
        md.AppendLine("| figure | Tandem | native master-master | Tandem / native | reads |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (var native in f.Contenders.Where(c => !c.IsTandem))
        {
            var mode = native.Name["native master-master, ".Length..];
            if (tandem?.Throughput is { } tt && native.Throughput is { } nt)
            {
                md.AppendLine(Invariant(
                    $"| replicated txn/s, both ways ({Cell(mode)}) | {tt.ReplicatedPerSecond:N1} | {nt.ReplicatedPerSecond:N1} | **{tt.ReplicatedPerSecond / nt.ReplicatedPerSecond:0.00}** | above 1: Tandem replicates faster |"));
            }

            foreach (var (label, _) in Directions)
            {
                if (tandem?.Lag is { } tl && native.Lag is { } nl)
                {
                    md.AppendLine(Invariant(
                        $"| probe lag p99 {label} at {options.Rate} tps a side ({Cell(mode)}) | {Millis(Probe(tl, label).Percentile(99))} | {Millis(Probe(nl, label).Percentile(99))} | **{LagRatio(tandem, native, label)}** | below 1: Tandem lags less |"));
                }
            }
        }

        if (tandem?.Process("lag") is { } lagProcess)
        {
            foreach (var s in lagProcess.Summaries)
            {
                md.AppendLine(Invariant($"| Tandem's heartbeat lag p99 {Arrow(s.Task)} at {options.Rate} tps a side (its summary line, whole process) | {Seconds(s.P99Seconds)} | — | — | {s.Beats} beats; p50 {Seconds(s.P50Seconds)}, max {Seconds(s.MaxSeconds)} |"));
                if (StatusLags(tandem.Lag?.StatusLags, s.Task) is { Count: > 0 } during)
                    md.AppendLine(Invariant($"| Tandem's heartbeat lag p99 {Arrow(s.Task)} while the loads ran (its status lines) | {Seconds(LinkStatus.Percentile(during, 99))} | — | — | {during.Count} lines; p50 {Seconds(LinkStatus.Percentile(during, 50))}, max {Seconds(during.Max())} |"));
            }
        }

        if (tandem is not null && tandem.Processes.Count > 0)
            md.AppendLine(Invariant($"| peak RSS of tandem (largest of its processes) | {tandem.Processes.Max(p => p.PeakMiB):0.0} MiB | — | — | per process below |"));
        md.AppendLine();

        if (options.Runs("throughput"))
        {
            md.AppendLine(Invariant($"#### 1. Throughput: oltp_write_only at full speed on both sides at once for {options.Seconds} s"));
            md.AppendLine();
            md.AppendLine("Replicated txn/s = the transactions sysbench committed on a and on b / the time from the loads' start until both directions had applied all of them.");
            md.AppendLine();
            md.AppendLine("| contender | tps on a | tps on b | transactions (a + b) | loads ran | caught up after (after the loads) | replicated txn/s | Tandem / this (above 1: Tandem faster) |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var c in f.Contenders.Where(c => c.Throughput is not null))
            {
                var t = c.Throughput!;
                md.AppendLine(Invariant(
                    $"| {Cell(c.Name)} | {t.PerSecondA:N1} | {t.PerSecondB:N1} | {t.TransactionsA:N0} + {t.TransactionsB:N0} = {t.Transactions:N0} | {t.Load.TotalSeconds:0.0} s | {t.CaughtUp.TotalSeconds:0.0} s ({t.Drain.TotalSeconds:0.0} s) | **{t.ReplicatedPerSecond:N1}** | {ThroughputRatio(tandem, c)} |"));
            }

            md.AppendLine();
        }

        if (options.Runs("lag"))
        {
            md.AppendLine(Invariant($"#### 2. Lag: oltp_write_only --rate={options.Rate} on each side at once for {options.Seconds} s, a probe every 100 ms each way"));
            md.AppendLine();
            md.AppendLine("| contender | direction | tps driven (a / b) | p50 | p99 | max | probes (missing) | caught up after the loads | Tandem p99 / this p99 (below 1: Tandem lags less) |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var c in f.Contenders.Where(c => c.Lag is not null))
            {
                foreach (var (label, _) in Directions)
                {
                    var lag = c.Lag!;
                    var probe = Probe(lag, label);
                    md.AppendLine(Invariant(
                        $"| {Cell(c.Name)} | {label} | {lag.PerSecondA:N1} / {lag.PerSecondB:N1} | {Millis(probe.Percentile(50))} | **{Millis(probe.Percentile(99))}** | {Millis(probe.Max)} | {probe.Probes} ({probe.Missing}) | {lag.DrainAfter.TotalSeconds:0.00} s | {LagRatio(tandem, c, label)} |"));
                }
            }

            md.AppendLine();
        }

        md.AppendLine(Invariant($"#### 3. CPU from each phase's load start until both directions caught up"));
        md.AppendLine();
        md.AppendLine(Invariant($"mariadbd of each server and the tandem process (user + system, /proc/PID/stat); machine busy: all {env.Cores} cores, every process (sysbench, the bench, other users' work) counted (/proc/stat). The servers' share includes serving sysbench's own load, the same for every contender."));
        md.AppendLine();
        md.AppendLine("| contender | phase | wall | mariadbd a | mariadbd b | tandem | machine busy | servers + tandem CPU per 1,000 transactions |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (c, phase, cpu, transactions) in CpuRows(f))
        {
            var wall = phase == "lag" ? options.Seconds + c.Lag!.DrainAfter.TotalSeconds : c.Throughput!.CaughtUp.TotalSeconds;
            md.AppendLine(Invariant(
                $"| {Cell(c.Name)} | {phase} | {wall:0.0} s | {cpu.ServerA:0.0} s | {cpu.ServerB:0.0} s | {(cpu.Tandem is { } t ? Invariant($"{t:0.0} s") : "—")} | {cpu.MachineBusy * 100:0}% | **{cpu.Replication * 1000 / transactions:0.00} s** |"));
        }

        md.AppendLine();

        if (tandem is not null)
        {
            md.AppendLine("#### 4. Tandem's own figures: heartbeat lag (its summary lines) and peak RSS, per tandem process");
            md.AppendLine();
            md.AppendLine("Summary line: every heartbeat the direction applied in the process's life (start-up and the wait for the loads included). Status lines: the `heartbeat_lag=` (latest heartbeat, 1/100 s) of the lines printed once a second while the loads ran.");
            md.AppendLine();
            md.AppendLine("| process | direction | summary: heartbeats | p50 | p99 | max | status lines during the loads: lines | p50 | p99 | max | conflicts applied / skipped | own transactions dropped | peak RSS |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var p in tandem.Processes)
            {
                var statusLags = tandem.StatusLags(p.Purpose);
                foreach (var s in p.Summaries)
                {
                    var during = StatusLags(statusLags, s.Task) ?? [];
                    var duringText = during.Count == 0
                        ? "— | — | — | —"
                        : Invariant($"{during.Count} | {Seconds(LinkStatus.Percentile(during, 50))} | {Seconds(LinkStatus.Percentile(during, 99))} | {Seconds(during.Max())}");
                    md.AppendLine(Invariant(
                        $"| {p.Purpose} | {Arrow(s.Task)} | {s.Beats} | {Seconds(s.P50Seconds)} | **{Seconds(s.P99Seconds)}** | {Seconds(s.MaxSeconds)} | {duringText} | {s.ConflictsApplied} / {s.ConflictsSkipped} | {s.OwnDropped:N0} | {p.PeakMiB:0.0} MiB |"));
                }
            }

            md.AppendLine();
            if (f.TandemCopy is { } copy && f.TandemStreaming is { } streaming)
                md.AppendLine(Invariant($"The copy process copied a's tables to b in {copy.TotalSeconds:0.0} s (to the first checkpoint of a→b, process start included); both directions had caught up at {streaming.TotalSeconds:0.0} s."));
            md.AppendLine();
            md.AppendLine("The link file (`tandem run FILE --status-interval 1s`, each process):");
            md.AppendLine();
            md.AppendLine("```yaml");
            md.Append(link.Yaml().Replace(link.Servers[0].Uri, "mysql://root@127.0.0.1:PORT_A", StringComparison.Ordinal).Replace(link.Servers[1].Uri, "mysql://root@127.0.0.1:PORT_B", StringComparison.Ordinal));
            md.AppendLine("```");
            md.AppendLine();
            md.AppendLine("Summary lines as printed:");
            md.AppendLine();
            md.AppendLine("```");
            foreach (var p in tandem.Processes)
            {
                foreach (var s in p.Summaries)
                    md.AppendLine($"[{p.Purpose}] {s.Line}");
            }

            md.AppendLine("```");
        }

        md.AppendLine(End);
        return md.ToString();
    }

    public static Task WriteAsync(string path, string section, CancellationToken ct) =>
        ResultsFile.ReplaceSectionAsync(path, Begin, End, section, ct);

    private static TwowayContender? Tandem(TwowayFigures f) => f.Contenders.FirstOrDefault(c => c.IsTandem);

    /// <summary>Every phase of every contender with its CPU and the transactions both sides' loads committed.</summary>
    private static IEnumerable<(TwowayContender Contender, string Phase, PhaseCpu Cpu, long Transactions)> CpuRows(TwowayFigures f)
    {
        foreach (var c in f.Contenders)
        {
            if (c.Lag is { } lag)
                yield return (c, "lag", lag.Cpu, lag.TransactionsA + lag.TransactionsB);
            if (c.Throughput is { } throughput)
                yield return (c, "throughput", throughput.Cpu, throughput.Transactions);
        }
    }

    private static IReadOnlyList<double>? StatusLags(IReadOnlyDictionary<string, IReadOnlyList<double>>? lags, string task) =>
        lags is not null && lags.TryGetValue(task, out var values) ? values : null;

    private static LagFigures Probe(SymmetricLag lag, string direction) => direction == "a→b" ? lag.AtoB : lag.BtoA;

    /// <summary>twoway.a-b → a→b.</summary>
    private static string Arrow(string task) => task[(task.LastIndexOf('.') + 1)..].Replace('-', '→');

    private static string ThroughputRatio(TwowayContender? tandem, TwowayContender c) =>
        c.IsTandem || tandem?.Throughput is not { } t || c.Throughput is not { } n ? "—" : Invariant($"{t.ReplicatedPerSecond / n.ReplicatedPerSecond:0.00}");

    private static string LagRatio(TwowayContender? tandem, TwowayContender c, string direction)
    {
        if (c.IsTandem || tandem?.Lag is not { } t || c.Lag is not { } n)
            return "—";
        var mine = Probe(t, direction).Percentile(99);
        var theirs = Probe(n, direction).Percentile(99);
        return double.IsInfinity(mine) || double.IsInfinity(theirs) || theirs <= 0 ? "—" : Invariant($"{mine / theirs:0.00}");
    }

    private static string Millis(double ms) => double.IsPositiveInfinity(ms) ? "∞ (missing probes)" : ms < 100 ? Invariant($"{ms:0.0} ms") : Invariant($"{ms:N0} ms");

    private static string Seconds(double seconds) => double.IsNaN(seconds) ? "—" : Invariant($"{seconds:0.000} s");

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
