using Tandem.Cli;

namespace Tandem.IntegrationTests.Verify;

/// <summary>Runs <c>tandem verify</c> in-process, with a journal in a directory of the test's own, and keeps what it printed.</summary>
internal sealed record VerifyRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The <c>--json</c> report on stdout.</summary>
    public VerifyJsonReport Report => VerifyJsonReport.Parse(Stdout);

    public static async Task<VerifyRun> RunAsync(IEnumerable<string> args, CancellationToken ct = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var exit = await Program.RunAsync(["verify", .. args], stdout, stderr, timeout.Token);
        return new VerifyRun(exit, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
