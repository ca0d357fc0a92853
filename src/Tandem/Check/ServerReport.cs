namespace Tandem.Cli.Check;

/// <summary>The checks of one server. <see cref="Uri"/> is already redacted.</summary>
internal sealed record ServerReport(string Uri, string Flavor, string? Version, IReadOnlyList<CheckResult> Checks)
{
    public int Failures => Checks.Count(c => c.Status == CheckStatus.Fail);

    /// <summary>True when nothing failed: the server can serve as a change source.</summary>
    public bool Ok => Failures == 0;

    public string Verdict => Ok
        ? "can serve as a source"
        : $"cannot serve as a source: {Failures} failure{(Failures == 1 ? string.Empty : "s")}";
}
