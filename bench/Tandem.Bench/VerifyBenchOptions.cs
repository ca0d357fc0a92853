namespace Tandem.Bench;

/// <summary>Options of <c>verify</c>: <c>tandem verify</c> against pt-table-checksum, and its drill-down's query budget.</summary>
internal sealed record VerifyBenchOptions
{
    public const string Usage =
        "usage: tandem-bench verify [--tables 8] [--table-size 100000] [--threads 4] [--more-threads 2,8] [--rounds 3]\n" +
        "                           [--big-table-size 1000000] [--query-runs 7] [--only contest|drilldown|queries[,...]] [--out FILE]";

    /// <summary>The phases in the order they run.</summary>
    public static readonly IReadOnlyList<string> AllPhases = ["contest", "drilldown", "queries"];

    /// <summary>sysbench sbtest tables in the compared database.</summary>
    public int Tables { get; init; } = 8;

    /// <summary>Rows in each of those tables.</summary>
    public int TableSize { get; init; } = 100_000;

    /// <summary>tandem verify --threads of the headline figure (the one held against the goal).</summary>
    public int Threads { get; init; } = 4;

    /// <summary>Other --threads values run in the same rounds, for comparison.</summary>
    public IReadOnlyList<int> MoreThreads { get; init; } = [2, 8];

    /// <summary>Timed rounds; contenders alternate within each, and the median is reported.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Rows of the drill-down's table, in which one row differs.</summary>
    public int BigTableSize { get; init; } = 1_000_000;

    /// <summary>Times each query of the per-chunk query profile runs.</summary>
    public int QueryRuns { get; init; } = 7;

    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string>(AllPhases, StringComparer.Ordinal);

    /// <summary>The markdown file whose generated section is replaced.</summary>
    public string Out { get; init; } = "bench/RESULTS.md";

    /// <summary>The headline thread count first, then the others (without repeats).</summary>
    public IReadOnlyList<int> AllThreads => [.. new[] { Threads }.Concat(MoreThreads).Distinct()];

    public long Rows => (long)Tables * TableSize;

    public bool Runs(string phase) => Phases.Contains(phase);

    public static VerifyBenchOptions Parse(ReadOnlySpan<string> args) =>
        BenchArguments.Parse(args, new VerifyBenchOptions(), static (o, name, value) => name switch
        {
            "--tables" => o with { Tables = BenchArguments.Positive(name, value) },
            "--table-size" => o with { TableSize = BenchArguments.Positive(name, value) },
            "--threads" => o with { Threads = BenchArguments.Positive(name, value) },
            "--more-threads" => o with { MoreThreads = value is "" or "none" ? [] : [.. value.Split(',', StringSplitOptions.TrimEntries).Select(v => BenchArguments.Positive(name, v))] },
            "--rounds" => o with { Rounds = BenchArguments.Positive(name, value) },
            "--big-table-size" => o with { BigTableSize = BenchArguments.Positive(name, value) },
            "--query-runs" => o with { QueryRuns = BenchArguments.Positive(name, value) },
            "--only" => o with { Phases = BenchArguments.OnlyPhases(value, AllPhases, requireOne: true) },
            "--out" => o with { Out = value },
            _ => throw new ArgumentException($"unknown option {name}"),
        });
}
