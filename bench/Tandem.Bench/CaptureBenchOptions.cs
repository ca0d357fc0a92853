using System.Globalization;

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

    public static CaptureBenchOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new CaptureBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
                throw new ArgumentException($"{name} needs a value");
            var value = args[++i];
            options = name switch
            {
                "--seconds" => options with { Seconds = Positive(name, value) },
                "--threads" => options with { Threads = Positive(name, value) },
                "--tables" => options with { Tables = Positive(name, value) },
                "--table-size" => options with { TableSize = Positive(name, value) },
                "--rounds" => options with { Rounds = Positive(name, value) },
                "--out" => options with { Out = value },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} wants a positive integer, not '{value}'");
}
