namespace Tandem.Core.Model;

/// <summary>A schema change, as the statement the source ran, with the default database it ran in.</summary>
public sealed class DdlChange : Change
{
    public DdlChange(string? database, string statement, string? table = null)
    {
        Database = database;
        Statement = statement;
        Table = table;
    }

    /// <summary>The session's default database when the statement ran (unqualified names refer to it); may be null.</summary>
    public string? Database { get; }

    public string Statement { get; }

    /// <summary>The table the statement changes, when it changes one (qualified by <see cref="Database"/>); null for database-level statements.</summary>
    public string? Table { get; }
}
