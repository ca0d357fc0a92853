namespace Tandem.Cli;

/// <summary>The exit codes every command shares, so scripts can tell "checked and failed" from "could not run".</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and found a problem (a check failed, a server was unreachable).</summary>
    public const int Failed = 1;

    /// <summary>A usage error or an error Tandem did not expect.</summary>
    public const int Error = 2;

    /// <summary>Interrupted by Ctrl-C before it finished (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
