namespace Tandem.Core.Errors;

/// <summary>
/// Base of every error Tandem raises on purpose: a message that names the thing that failed,
/// and a hint that says what the user can do about it.
/// </summary>
public class TandemException : Exception
{
    public TandemException(string message, string? hint = null, Exception? inner = null)
        : base(message, inner)
    {
        Hint = hint;
    }

    /// <summary>What to do about it, when Tandem knows; null otherwise.</summary>
    public string? Hint { get; }

    /// <summary>True when retrying the same operation later may succeed (a lost connection, a timeout).</summary>
    public virtual bool IsTransient => false;
}
