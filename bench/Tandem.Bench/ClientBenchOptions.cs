namespace Tandem.Bench;

/// <summary>Options of <c>client</c>: the MySQL client benchmark against the C client (sysbench, mariadb).</summary>
internal sealed record ClientBenchOptions
{
    public const string Usage =
        "usage: tandem-bench client [--seconds N] [--threads 8] [--rows 1000000] [--table-size 100000] [--rounds 3] [--out FILE]";

    /// <summary>Duration of each point-select round, for sysbench and Tandem alike.</summary>
    public int Seconds { get; init; } = 15;

    /// <summary>Connections (sysbench threads) of the point-select load.</summary>
    public int Threads { get; init; } = 8;

    /// <summary>Rows of the streamed table.</summary>
    public int Rows { get; init; } = 1_000_000;

    /// <summary>Rows of sbtest1, the point-select table.</summary>
    public int TableSize { get; init; } = 100_000;

    /// <summary>Rounds of each measurement, alternating C and Tandem; the median is reported.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>The markdown file whose generated section is replaced.</summary>
    public string Out { get; init; } = "bench/RESULTS.md";

    public static ClientBenchOptions Parse(ReadOnlySpan<string> args) =>
        BenchArguments.Parse(args, new ClientBenchOptions(), static (options, name, value) => name switch
        {
            "--seconds" => options with { Seconds = BenchArguments.Positive(name, value) },
            "--threads" => options with { Threads = BenchArguments.Positive(name, value) },
            "--rows" => options with { Rows = BenchArguments.Positive(name, value) },
            "--table-size" => options with { TableSize = BenchArguments.Positive(name, value) },
            "--rounds" => options with { Rounds = BenchArguments.Positive(name, value) },
            "--out" => options with { Out = value },
            _ => throw new ArgumentException($"unknown option {name}"),
        });
}
