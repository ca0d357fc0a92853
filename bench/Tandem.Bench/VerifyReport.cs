using System.Globalization;
using System.Text;

namespace Tandem.Bench;

/// <summary>Renders the verify figures as a console table and as the generated section of bench/RESULTS.md.</summary>
internal static class VerifyReport
{
    private const string Begin = "<!-- verify:begin -->";
    private const string End = "<!-- verify:end -->";

    public static bool WithinBudget(DrillDownFigures d) =>
        d.Runs.All(static r => r.SourceQueries <= VerifyBenchmark.QueryBudget && r.TargetQueries <= VerifyBenchmark.QueryBudget);

    public static string Table(VerifyBenchOptions options, VerifyFigures f)
    {
        var text = new StringBuilder();
        if (f.Contest is { } contest)
        {
            text.AppendLine(Invariant($"1. {contest.Rows:N0} rows ({options.Tables} x {options.TableSize:N0}), medians of {options.Rounds} round(s) (ratio = Tandem rows/s / pt rows/s; goal >= {VerifyBenchmark.Goal} at --threads {options.Threads})"));
            foreach (var c in contest.Contenders)
            {
                text.AppendLine(Invariant(
                    $"   {c.Name,-44} {c.Wall.Median,8:0.000} s {contest.Rows / c.Wall.Median,10:N0} rows/s  ratio {RatioText(contest, c),5}  {GoalText(options, contest, c)}"));
            }
        }

        if (f.DrillDown is { } d)
        {
            text.AppendLine(Invariant($"2. One changed row (id {d.ChangedId}, column {d.Column}) in {d.Rows:N0} rows: found in every run; queries per run (source/target): {string.Join(", ", d.Runs.Select(static r => $"{r.SourceQueries}/{r.TargetQueries}"))} (budget {VerifyBenchmark.QueryBudget} each: {(WithinBudget(d) ? "met" : "MISSED")})"));
        }

        if (f.Queries is { } q)
        {
            text.AppendLine(Invariant($"3. Per-chunk queries over {q.Table} ({q.Rows:N0} rows), {q.Runs} interleaved rounds: min / median wall, server CPU per run"));
            foreach (var p in q.Queries)
                text.AppendLine(Invariant($"   {p.Query.Name,-96} {p.Timing.Min,6:0.000} / {p.Timing.Median,6:0.000} s  CPU {p.Timing.ServerCpuSeconds,6:0.000} s"));
            foreach (var (tool, matches) in q.Drift.Where(static d => !d.Matches))
                text.AppendLine(Invariant($"   warning: {tool} no longer sends the SQL profiled here"));
        }

        return text.ToString();
    }

    public static string Render(VerifyBenchOptions options, string command, DateTimeOffset started, BenchEnvironment env, VerifyTools tools, VerifyFigures f)
    {
        var md = ResultsFile.BeginSection(Begin, started, command);
        md.AppendLine(Invariant($"- Machine: {env.Cores} cores ({env.Cpu}), {env.Memory} RAM, {env.Kernel}. Both servers, pt-table-checksum and Tandem share these cores, and so did whatever else ran on the machine (load averages below)."));
        md.AppendLine(Invariant($"- Servers: two sandbox MariaDB {env.ServerVersion}, 1 GiB buffer pool each (all the data fits), TCP on 127.0.0.1, no TLS; the source has a binlog (pt-table-checksum writes its results there with binlog_format=STATEMENT), the target none"));
        md.AppendLine(Invariant($"- Tools: {tools.PtTableChecksum}; {env.Sysbench}; {tools.MariaDbDump}"));
        md.AppendLine(Invariant($"- Tandem: {env.Runtime}, Release, run as `dotnet tandem.dll` (process start and JIT in the wall time); commit {env.Commit}"));
        md.AppendLine(Invariant($"- Load average (1 min, /proc/loadavg) when each phase began and at the end: {string.Join(", ", f.Load.Select(static l => $"{l.Phase} {l.Load}"))}"));
        md.AppendLine();

        if (f.Contest is { } contest)
            RenderContest(md, options, contest);
        if (f.DrillDown is { } drill)
            RenderDrillDown(md, options, drill);
        if (f.Queries is { } queries)
            RenderQueries(md, queries);

        md.AppendLine(End);
        return md.ToString();
    }

    private static void RenderContest(StringBuilder md, VerifyBenchOptions options, ContestFigures contest)
    {
        md.AppendLine(Invariant($"#### 1. Checksum speed: {contest.Rows:N0} rows (sysbench, {options.Tables} tables x {options.TableSize:N0}, {contest.DataMegabytes:N1} MB of data and indexes)"));
        md.AppendLine();
        md.AppendLine(Invariant($"pt-table-checksum: `{PtTableChecksum.Command(VerifyBenchmark.Database)}` (the source alone). tandem verify: `{TandemVerify.Command($"{VerifyBenchmark.Database}.*", options.Threads)}` (both sides; other --threads alike). One untimed run of each first, then {options.Rounds} round(s), the order rotated each round; medians. rows/s = {contest.Rows:N0} / wall time of the process. Buffer-pool reads from disk during the timed rounds: {string.Join(", ", contest.BufferPoolReads.Select(static r => $"{r.Server} {r.Reads}"))}."));
        md.AppendLine();
        md.AppendLine("| contender | wall | rows/s | Tandem / pt (rows/s) | goal | time in its report | server CPU, source / target | its own CPU | chunks | queries, source / target |");
        md.AppendLine("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|");
        foreach (var c in contest.Contenders)
        {
            md.Append(Invariant($"| {c.Name} | {c.Wall.Median:0.000} s | {contest.Rows / c.Wall.Median:N0} | {Bold(RatioText(contest, c))} | {GoalText(options, contest, c)} | "));
            md.Append(Invariant($"{(c.IsTandem ? $"{c.OwnSeconds.Median:0.000} s" : "—")} | {c.SourceCpu.Median:0.00} / {c.TargetCpu.Median:0.00} s | {c.ToolCpu.Median:0.00} s | {c.Chunks.Median:0} | "));
            md.AppendLine(Invariant($"{(c.IsTandem ? $"{c.SourceQueries.Median:0} / {c.TargetQueries.Median:0}" : "—")} |"));
        }

        md.AppendLine();
        md.AppendLine("Every round (wall time, rows/s; server CPU source / target):");
        md.AppendLine();
        foreach (var c in contest.Contenders)
        {
            var rounds = c.Wall.Rounds.Select((w, i) => Invariant($"{w:0.000} s ({contest.Rows / w:N0}; {c.SourceCpu.Rounds[i]:0.00} / {c.TargetCpu.Rounds[i]:0.00})"));
            md.AppendLine(Invariant($"- {c.Name}: {string.Join(", ", rounds)}"));
        }

        md.AppendLine();
    }

    private static void RenderDrillDown(StringBuilder md, VerifyBenchOptions options, DrillDownFigures d)
    {
        md.AppendLine(Invariant($"#### 2. Drill-down: one differing row in {d.Rows:N0} rows"));
        md.AppendLine();
        md.Append(Invariant($"`{VerifyBenchmark.BigDatabase}.sbtest1` (sysbench, {d.Rows:N0} rows) on both servers; on the target, column `{d.Column}` of the row id {d.ChangedId} changed (its first character). "));
        md.Append(Invariant($"`{TandemVerify.Command($"{VerifyBenchmark.BigDatabase}.*", options.Threads)}` (default --chunk-rows and --chunk-time), once per round. Every run exited 1 and reported exactly that row, "));
        md.AppendLine(Invariant($"with `{d.Column}` as the differing column, and nothing only in the source or the target. Budget: at most {VerifyBenchmark.QueryBudget} queries on each side ({(WithinBudget(d) ? "met" : "**missed**")})."));
        md.AppendLine();
        md.AppendLine("| run | wall | time in its report | chunks | source queries | target queries | budget |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var (run, i) in d.Runs.Select(static (r, i) => (r, i)))
        {
            var met = run.SourceQueries <= VerifyBenchmark.QueryBudget && run.TargetQueries <= VerifyBenchmark.QueryBudget;
            md.AppendLine(Invariant(
                $"| {i + 1} | {run.Elapsed.TotalSeconds:0.000} s | {run.Seconds:0.000} s | {run.Tables[0].Chunks} | **{run.SourceQueries}** | **{run.TargetQueries}** | {(met ? "met" : "missed")} (≤ {VerifyBenchmark.QueryBudget}) |"));
        }

        md.AppendLine();
    }

    private static void RenderQueries(StringBuilder md, QueryProfileFigures q)
    {
        md.AppendLine(Invariant($"#### 3. Per-chunk queries, one at a time ({q.Table}, {q.Rows:N0} rows, on the source)"));
        md.AppendLine();
        md.Append(Invariant($"{q.Runs} rounds, each running every query once in this order with `mariadb -vvv -e` (the client's own time per run, connecting not included), nothing else running on the servers; and the server's CPU "));
        md.Append("(mariadbd utime + stime from /proc, 10 ms ticks) over each run, averaged. \"Sent\" marks the queries the tools send today (checked against the general log of one run of each: ");
        md.Append(string.Join(", ", q.Drift.Select(static d => $"{d.Tool} {(d.Matches ? "matches" : "**differs**")}")));
        md.AppendLine("); the others are the floor and candidates. \"Same bytes\": rows whose candidate encoding differs from tandem's (SHA-1 of each compared); 0 means the hashes, and so every fingerprint, stay as they are.");
        md.AppendLine();
        md.AppendLine("| query | sent | wall, min | wall, median | server CPU per run | same bytes |");
        md.AppendLine("|---|---|---:|---:|---:|---|");
        foreach (var p in q.Queries)
        {
            md.Append(Invariant($"| {Cell(p.Query.Name)} | {(p.Query.Sent ? "yes" : "—")} | {p.Timing.Min:0.000} s | {p.Timing.Median:0.000} s | {p.Timing.ServerCpuSeconds:0.000} s | "));
            md.AppendLine(Invariant($"{(p.RowsEncodedDifferently is { } n ? (n == 0 ? "yes (0 rows differ)" : $"no ({n:N0} rows differ)") : "—")} |"));
        }

        md.AppendLine();
        md.AppendLine("The SQL of each is in `bench/Tandem.Bench/ChunkQueries.cs`; the general logs are kept in `bench/out/verify/`.");
        md.AppendLine();
    }

    public static Task WriteAsync(string path, string section, CancellationToken ct) =>
        ResultsFile.ReplaceSectionAsync(path, Begin, End, section, ct);

    private static double? Ratio(ContestFigures contest, VerifyContender c)
    {
        var pt = contest.Contenders.FirstOrDefault(static x => !x.IsTandem);
        return !c.IsTandem || pt is null ? null : pt.Wall.Median / c.Wall.Median;
    }

    private static string RatioText(ContestFigures contest, VerifyContender c) => Ratio(contest, c) is { } r ? Invariant($"{r:0.00}") : "—";

    private static string GoalText(VerifyBenchOptions options, ContestFigures contest, VerifyContender c) =>
        c.Threads != options.Threads || Ratio(contest, c) is not { } r ? "—"
        : r >= VerifyBenchmark.Goal ? Invariant($"met (≥ {VerifyBenchmark.Goal})")
        : Invariant($"**missed** (goal ≥ {VerifyBenchmark.Goal})");

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Bold(string value) => value == "—" ? value : $"**{value}**";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
