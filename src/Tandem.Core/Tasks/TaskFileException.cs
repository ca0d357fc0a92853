using Tandem.Core.Errors;

namespace Tandem.Core.Tasks;

/// <summary>
/// A task file that cannot be used as written. The message names the file, the line and the key, as compilers do
/// (<c>demo.yaml:7: key 'writer_threads': expected a positive integer, got 'four'</c>), so an editor can jump to it.
/// </summary>
public sealed class TaskFileException : TandemException
{
    public TaskFileException(string file, int line, string? key, string problem, string? hint = null, Exception? inner = null)
        : base(key is null ? $"{file}:{line}: {problem}" : $"{file}:{line}: key '{key}': {problem}", hint, inner)
    {
        File = file;
        Line = line;
        Key = key;
    }

    /// <summary>The task file as the user named it.</summary>
    public string File { get; }

    /// <summary>1-based line of the offending key or value.</summary>
    public int Line { get; }

    /// <summary>The key's path (<c>writer_threads</c>, <c>start.pos</c>, <c>routes[0].from</c>), or null when the error is not about one key.</summary>
    public string? Key { get; }
}
