namespace Tandem.Bench;

/// <summary>Options of <c>twoway</c>: a Tandem link between two servers against MariaDB's native master-master replication.</summary>
internal sealed record TwowayBenchOptions
{
    public const string Usage =
        "usage: tandem-bench twoway [--tables 4] [--table-size 20000] [--threads 4] [--load-threads 4] [--seconds 60] [--rate 300]\n" +
        "                           [--warmup-seconds 10]\n" +
        "                           [--native-threads 0,4] [--batch-wait DURATION] [--only lag|throughput[,...]] [--skip-tandem] [--out FILE]";

    /// <summary>The phases in the order they run, for every contender.</summary>
    public static readonly IReadOnlyList<string> AllPhases = ["lag", "throughput"];

    /// <summary>sysbench tables in each of the two databases (app_a, app_b).</summary>
    public int Tables { get; init; } = 4;

    /// <summary>Rows in each sysbench table after prepare.</summary>
    public int TableSize { get; init; } = 20_000;

    /// <summary>Tandem's copy_threads and writer_threads, for each direction.</summary>
    public int Threads { get; init; } = 4;

    /// <summary>sysbench threads of the write load on each side.</summary>
    public int LoadThreads { get; init; } = 4;

    /// <summary>How long the loads of each phase run (D).</summary>
    public int Seconds { get; init; } = 60;

    /// <summary>
    /// How long both sides write at --rate before each phase's measured load (every contender alike; 0 for none), so
    /// a freshly started tandem process has compiled its hot paths before anything is measured.
    /// </summary>
    public int WarmupSeconds { get; init; } = 10;

    /// <summary>The lag phase's sysbench --rate on each side, in transactions a second.</summary>
    public int Rate { get; init; } = 300;

    /// <summary>The slave_parallel_threads values native replication runs with, one contender each.</summary>
    public IReadOnlyList<int> NativeThreads { get; init; } = [0, 4];

    /// <summary>The link's batch_wait (as the link file writes it, e.g. 5ms); null leaves Tandem's default.</summary>
    public string? BatchWait { get; init; }

    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string>(AllPhases, StringComparer.Ordinal);

    /// <summary>Run native replication alone (the copy to b is then mydumper + myloader).</summary>
    public bool SkipTandem { get; init; }

    /// <summary>The markdown file whose generated section is replaced.</summary>
    public string Out { get; init; } = "bench/RESULTS.md";

    public bool Runs(string phase) => Phases.Contains(phase);

    public static TwowayBenchOptions Parse(ReadOnlySpan<string> args)
    {
        // The flag first (it takes no value), then the "--name value" pairs every bench subcommand shares.
        var options = new TwowayBenchOptions();
        var pairs = new List<string>();
        foreach (var arg in args)
        {
            if (arg == "--skip-tandem")
                options = options with { SkipTandem = true };
            else
                pairs.Add(arg);
        }

        options = BenchArguments.Parse(pairs.ToArray(), options, static (o, name, value) => name switch
        {
            "--tables" => o with { Tables = BenchArguments.Positive(name, value) },
            "--table-size" => o with { TableSize = BenchArguments.Positive(name, value) },
            "--threads" => o with { Threads = BenchArguments.Positive(name, value) },
            "--load-threads" => o with { LoadThreads = BenchArguments.Positive(name, value) },
            "--seconds" => o with { Seconds = BenchArguments.Positive(name, value) },
            "--rate" => o with { Rate = BenchArguments.Positive(name, value) },
            "--warmup-seconds" => o with { WarmupSeconds = value == "0" ? 0 : BenchArguments.Positive(name, value) },
            "--native-threads" => o with { NativeThreads = NativeThreadList(name, value) },
            "--batch-wait" => o with { BatchWait = BatchWaitValue(name, value) },
            "--only" => o with { Phases = BenchArguments.OnlyPhases(value, AllPhases, requireOne: true) },
            "--out" => o with { Out = value },
            _ => throw new ArgumentException($"unknown option {name}"),
        });

        if (options.SkipTandem && options.NativeThreads.Count == 0)
            throw new ArgumentException("--skip-tandem with --native-threads none leaves no contender");
        return options;
    }

    private static List<int> NativeThreadList(string name, string value)
    {
        if (value is "" or "none")
            return [];
        var threads = new List<int>();
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (item == "0")
                threads.Add(0);
            else
                threads.Add(BenchArguments.Positive(name, item));
        }

        return [.. threads.Distinct()];
    }

    /// <summary>A duration as a link file takes it (<c>0ms</c>, <c>5ms</c>, <c>1s</c>); tandem itself checks its range.</summary>
    private static string BatchWaitValue(string name, string value) =>
        System.Text.RegularExpressions.Regex.IsMatch(value, "^[0-9]+(ms|s)$") ? value : throw new ArgumentException($"{name} wants a duration such as 0ms, 5ms or 1s, not '{value}'");
}
