namespace Tandem.Cli.Check;

/// <summary>One row of a precheck: what was checked, how it went, what was seen, and the SQL or my.cnf line that fixes it.</summary>
internal sealed record CheckResult(string Name, CheckStatus Status, string Detail, string? Fix = null)
{
    public static CheckResult Pass(string name, string detail) => new(name, CheckStatus.Pass, detail);

    public static CheckResult Warn(string name, string detail, string? fix = null) => new(name, CheckStatus.Warn, detail, fix);

    public static CheckResult Fail(string name, string detail, string? fix = null) => new(name, CheckStatus.Fail, detail, fix);
}
