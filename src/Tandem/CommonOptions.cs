using System.CommandLine;

namespace Tandem.Cli;

/// <summary>Options every command accepts.</summary>
internal static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log debug details and show stack traces of unexpected errors (also TANDEM_DEBUG=1)",
        Recursive = true,
    };
}
