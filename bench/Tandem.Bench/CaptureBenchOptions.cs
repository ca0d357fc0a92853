namespace Tandem.Bench;

/// <summary>Options of <c>capture</c>: reading a binlog backlog with Tandem against <c>mariadb-binlog</c>.</summary>
internal sealed record CaptureBenchOptions
{
    public const string Usage =
        "usage: tandem-bench capture [--seconds 30] [--threads 4] [--tables 4] [--table-size 100000] [--rounds 3] [--out FILE]";

    /// <summary>How long sysbench oltp_write_only runs to build the backlog.</summary>
    public int Seconds { get; init; } = 30;

    /// <summary>sysbench threads writing the backlog.</summary>
    public int Threads { get; init; } = 4;

    /// <summary>sbtest tables the load writes to.</summary>
    public int Tables { get; init; } = 4;

    /// <summary>Rows in each sbtest table before the backlog starts.</summary>
    public int TableSize { get; init; } = 100_000;

    /// <summary>Rounds of each reader, alternating C and Tandem; the median is reported.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>The markdown file whose generated section is replaced.</summary>
    public string Out { get; init; } = "bench/RESULTS.md";

    public static CaptureBenchOptions Parse(ReadOnlySpan<string> args) =>
        BenchArguments.Parse(args, new CaptureBenchOptions(), static (options, name, value) => name switch
        {
            "--seconds" => options with { Seconds = BenchArguments.Positive(name, value) },
            "--threads" => options with { Threads = BenchArguments.Positive(name, value) },
            "--tables" => options with { Tables = BenchArguments.Positive(name, value) },
            "--table-size" => options with { TableSize = BenchArguments.Positive(name, value) },
            "--rounds" => options with { Rounds = BenchArguments.Positive(name, value) },
            "--out" => options with { Out = value },
            _ => throw new ArgumentException($"unknown option {name}"),
        });
}
