namespace Tandem.Core.Tasks;

/// <summary>What a task file is read with besides its text: where <c>${NAME}</c> comes from, and how URIs are checked.</summary>
public sealed record TaskFileOptions
{
    public static readonly TaskFileOptions Default = new();

    /// <summary>Looks up an environment variable for <c>${NAME}</c>; null means unset. Tests pass their own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// Checks a connection URI once substituted (the key, then the URI), throwing a <see cref="Errors.TandemException"/>
    /// when unusable; the loader adds the file, line and key. The CLI passes the connection layer's parser here, which
    /// this library does not reference; null checks only the scheme.
    /// </summary>
    public Action<string, string>? ValidateUri { get; init; }
}
