namespace Tandem.Cli.Check;

/// <summary>The result of checking every server named on the command line.</summary>
internal sealed record CheckReport(IReadOnlyList<ServerReport> Servers)
{
    public bool Ok => Servers.All(s => s.Ok);
}
