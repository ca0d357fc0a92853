namespace Tandem.Bench;

/// <summary>Options of <c>replicate</c>: Tandem's one-way replication against the tools a user would pick instead.</summary>
internal sealed record ReplicateBenchOptions
{
    public const string Usage =
        "usage: tandem-bench replicate [--tables 8] [--table-size 100000] [--threads 4] [--load-threads 4] [--backlog-seconds 45]\n" +
        "                              [--lag-seconds 60] [--rate-seconds 10] [--rounds 1] [--only copy|catchup|lag[,...]]\n" +
        "                              [--skip-copy] [--skip-catchup] [--skip-lag] [--skip-tandem] [--out FILE]";

    /// <summary>The phases in the order they run.</summary>
    public static readonly IReadOnlyList<string> AllPhases = ["copy", "catchup", "lag"];

    /// <summary>sysbench sbtest tables on the source.</summary>
    public int Tables { get; init; } = 8;

    /// <summary>Rows in each sbtest table after prepare.</summary>
    public int TableSize { get; init; } = 100_000;

    /// <summary>T: mydumper/myloader threads, Tandem's copy_threads and writer_threads alike.</summary>
    public int Threads { get; init; } = 4;

    /// <summary>sysbench threads of the write loads (backlog, maximum rate, steady state).</summary>
    public int LoadThreads { get; init; } = 4;

    /// <summary>How long oltp_write_only writes at full speed to build the catch-up backlog.</summary>
    public int BacklogSeconds { get; init; } = 45;

    /// <summary>How long the steady-state load runs while the lag probe measures.</summary>
    public int LagSeconds { get; init; } = 60;

    /// <summary>How long oltp_write_only runs without --rate to find the source's maximum rate.</summary>
    public int RateSeconds { get; init; } = 10;

    /// <summary>Rounds of the copy and catch-up contenders, alternating; the median is reported.</summary>
    public int Rounds { get; init; } = 1;

    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string>(AllPhases, StringComparer.Ordinal);

    /// <summary>Run the baselines only (until <c>tandem run</c> exists, or to look at them alone).</summary>
    public bool SkipTandem { get; init; }

    /// <summary>The markdown file whose generated section is replaced.</summary>
    public string Out { get; init; } = "bench/RESULTS.md";

    public bool Runs(string phase) => Phases.Contains(phase);

    public static ReplicateBenchOptions Parse(ReadOnlySpan<string> args)
    {
        // Flags first (they take no value), then the "--name value" pairs every bench subcommand shares.
        var options = new ReplicateBenchOptions();
        var phases = new HashSet<string>(AllPhases, StringComparer.Ordinal);
        var pairs = new List<string>();
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--skip-copy":
                    phases.Remove("copy");
                    break;
                case "--skip-catchup":
                    phases.Remove("catchup");
                    break;
                case "--skip-lag":
                    phases.Remove("lag");
                    break;
                case "--skip-tandem":
                    options = options with { SkipTandem = true };
                    break;
                default:
                    pairs.Add(arg);
                    break;
            }
        }

        options = BenchArguments.Parse(pairs.ToArray(), options, static (o, name, value) => name switch
        {
            "--tables" => o with { Tables = BenchArguments.Positive(name, value) },
            "--table-size" => o with { TableSize = BenchArguments.Positive(name, value) },
            "--threads" => o with { Threads = BenchArguments.Positive(name, value) },
            "--load-threads" => o with { LoadThreads = BenchArguments.Positive(name, value) },
            "--backlog-seconds" => o with { BacklogSeconds = BenchArguments.Positive(name, value) },
            "--lag-seconds" => o with { LagSeconds = BenchArguments.Positive(name, value) },
            "--rate-seconds" => o with { RateSeconds = BenchArguments.Positive(name, value) },
            "--rounds" => o with { Rounds = BenchArguments.Positive(name, value) },
            "--only" => o with { Phases = BenchArguments.OnlyPhases(value, AllPhases, requireOne: false) },
            "--out" => o with { Out = value },
            _ => throw new ArgumentException($"unknown option {name}"),
        });

        // --only names what runs; --skip-* then takes phases away from it.
        phases.IntersectWith(options.Phases);
        if (phases.Count == 0)
            throw new ArgumentException("no phase left to run");
        return options with { Phases = phases };
    }
}
