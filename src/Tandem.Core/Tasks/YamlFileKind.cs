namespace Tandem.Core.Tasks;

/// <summary>
/// What differs between the kinds of YAML file Tandem reads (task files, link files) where <see cref="YamlFileReader"/>
/// words its messages: what one holds, a minimal example, the doc describing its keys, and the URIs it accepts.
/// </summary>
internal sealed record YamlFileKind
{
    /// <summary>What one file holds, as messages name it: "task" (a task file holds one task), "link".</summary>
    public required string Noun { get; init; }

    /// <summary>The first keys of the file, for "expected the task's keys (name: ..., source: ...)".</summary>
    public required string KeysSample { get; init; }

    /// <summary>A minimal file, for hints: "a minimal task file is: ...".</summary>
    public required string Example { get; init; }

    /// <summary>The doc that describes the file's keys, such as docs/task-file.md.</summary>
    public required string Doc { get; init; }

    /// <summary>Whether postgres:// URIs are accepted; when not, one is refused with a message saying so.</summary>
    public bool PostgresSupported { get; init; } = true;
}
