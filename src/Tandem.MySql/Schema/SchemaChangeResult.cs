namespace Tandem.MySql.Schema;

/// <summary>What applying one statement did: the new catalog, the tables it touched, and the tables to reload.</summary>
public sealed record SchemaChangeResult
{
    /// <summary>The catalog after the statement (the same instance when nothing changed).</summary>
    public required SchemaCatalog Catalog { get; init; }

    public required SchemaChangeKind Kind { get; init; }

    public IReadOnlyList<TableChange> Tables { get; init; } = [];

    /// <summary>
    /// Tables whose structure the text does not tell (CREATE TABLE ... SELECT, CREATE SEQUENCE, an Unparsed
    /// statement, an ALTER or RENAME of a table the catalog does not hold). Reload them from the server with
    /// <see cref="SchemaLoader.ReloadTablesAsync"/>, after applying the caller's own table filter, or stop.
    /// </summary>
    public IReadOnlyList<TableName> Reload { get; init; } = [];

    /// <summary>Why the statement was Unparsed, naming the clause; null otherwise.</summary>
    public string? Problem { get; init; }

    /// <summary>True when the statement can change some table's columns or keys.</summary>
    public bool ChangesTables => Kind != SchemaChangeKind.None;
}
