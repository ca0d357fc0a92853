namespace Tandem.Core.Tasks;

/// <summary>What a task does: copy the tables, follow the change stream, or copy and then follow (the default).</summary>
public enum TaskMode
{
    FullAndIncremental,
    Full,
    Incremental,
}
