using Tandem.Core.Errors;

namespace Tandem.Cli;

/// <summary>The command line asked for something that cannot be done as written; exits with code 2.</summary>
internal sealed class CliUsageException : TandemException
{
    public CliUsageException(string message, string? hint = null)
        : base(message, hint)
    {
    }
}
