using System.Text.Json;
using Tandem.Cli;

namespace Tandem.IntegrationTests.Cli;

/// <summary>Runs the tandem command line in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public string AllOutput => Stdout + Stderr;

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var exit = await Program.RunAsync(args, stdout, stderr, timeout.Token);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The checks of the first server in --json output, by name.</summary>
    public IReadOnlyDictionary<string, (string Status, string Detail, string? Fix)> Checks()
    {
        using var document = JsonDocument.Parse(Stdout);
        var server = document.RootElement.GetProperty("servers")[0];
        return server.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => (c.GetProperty("status").GetString()!, c.GetProperty("detail").GetString()!, c.GetProperty("fix").GetString()));
    }
}
