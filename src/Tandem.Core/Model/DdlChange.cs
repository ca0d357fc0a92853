namespace Tandem.Core.Model;

/// <summary>A schema change, as the statement the source ran, with the default database it ran in.</summary>
public sealed class DdlChange : Change
{
    public DdlChange(string? database, string statement)
    {
        Database = database;
        Statement = statement;
    }

    /// <summary>The session's default database when the statement ran (unqualified names refer to it); may be null.</summary>
    public string? Database { get; }

    public string Statement { get; }
}
