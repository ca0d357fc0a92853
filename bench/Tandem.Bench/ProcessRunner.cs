using System.Diagnostics;

namespace Tandem.Bench;

/// <summary>The outcome of a finished subprocess, with its wall time.</summary>
internal sealed record ProcessOutcome(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed);

/// <summary>Runs the C tools (sysbench, mariadb) as subprocesses.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessOutcome> RunAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        stopwatch.Stop();
        return new ProcessOutcome(process.ExitCode, await stdout, await stderr, stopwatch.Elapsed);
    }

    /// <summary>Like <see cref="RunAsync"/>, but throws with the tool's stderr when it fails.</summary>
    public static async Task<ProcessOutcome> RunCheckedAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var outcome = await RunAsync(fileName, arguments, ct, environment);
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {outcome.ExitCode}:{Environment.NewLine}{outcome.StandardError}{outcome.StandardOutput}".Trim());
        }

        return outcome;
    }
}
