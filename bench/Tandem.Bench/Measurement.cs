namespace Tandem.Bench;

/// <summary>Every round of one figure; the median is the one reported.</summary>
internal sealed class Measurement(string name, string unit)
{
    private readonly List<double> _rounds = [];

    public string Name { get; } = name;

    public string Unit { get; } = unit;

    public IReadOnlyList<double> Rounds => _rounds;

    public void Add(double value) => _rounds.Add(value);

    public double Median
    {
        get
        {
            var sorted = _rounds.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}

/// <summary>Tandem against the C client on the same work, as Tandem / C (higher is better for Tandem).</summary>
internal sealed record Comparison(string Name, Measurement C, Measurement Tandem, bool HigherIsBetter)
{
    /// <summary>QPS: Tandem / C. Time: C / Tandem. Either way above 1 means Tandem is faster.</summary>
    public double Ratio => HigherIsBetter ? Tandem.Median / C.Median : C.Median / Tandem.Median;
}
