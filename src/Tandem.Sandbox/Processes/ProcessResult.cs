namespace Tandem.Sandbox.Processes;

/// <summary>What a finished command printed and how it exited.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
