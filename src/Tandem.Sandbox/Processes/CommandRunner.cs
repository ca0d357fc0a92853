using System.Diagnostics;

namespace Tandem.Sandbox.Processes;

/// <summary>Runs a short-lived command to completion, feeding stdin and capturing stdout/stderr.</summary>
/// <remarks>A thin layer over the BCL's <see cref="Process"/>; CliWrap would add a dependency to replace these few lines.</remarks>
internal static class CommandRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        CancellationToken ct,
        string? standardInput = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);

        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            if (standardInput is not null)
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), ct);
            process.StandardInput.Close();
            await process.WaitForExitAsync(ct);
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            // A cancelled caller must not leave a hung client behind.
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>Runs the command and throws with its stderr when it fails.</summary>
    public static async Task<string> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        CancellationToken ct,
        string? standardInput = null,
        string? workingDirectory = null)
    {
        var args = arguments.ToList();
        var result = await RunAsync(fileName, args, ct, standardInput, workingDirectory);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', args)} failed with exit code {result.ExitCode}: " +
                $"{result.StandardError.Trim()}{Environment.NewLine}{result.StandardOutput.Trim()}".TrimEnd());
        }

        return result.StandardOutput;
    }
}
