namespace Tandem.Core.Model;

/// <summary>
/// A data change the source logged as a statement, not as rows, that the task was told to leave out
/// (<see cref="Tasks.StatementEventPolicy.Skip"/>): the sink records it instead of applying it.
/// </summary>
public sealed class SkippedStatement : Change
{
    public SkippedStatement(string? database, string statement)
    {
        Database = database;
        Statement = statement;
    }

    /// <summary>The session's default database when the statement ran; null when it had none.</summary>
    public string? Database { get; }

    public string Statement { get; }
}
