namespace Tandem.Core.Model;

/// <summary>
/// A table's columns and keys at one point of the source's history. Immutable: a DDL yields a new instance,
/// so a row decoded before an ALTER keeps the schema it was written with.
/// </summary>
public sealed record TableSchema
{
    public required string Database { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<ColumnSchema> Columns { get; init; }

    public IReadOnlyList<IndexSchema> Indexes { get; init; } = [];

    /// <summary>
    /// A MariaDB SEQUENCE (CREATE SEQUENCE): a one-row table whose row NEXTVAL and SETVAL rewrite. Tandem does not
    /// replicate sequences: the copy leaves them out and the stream drops their row changes and DDL.
    /// </summary>
    public bool IsSequence { get; init; }

    public IndexSchema? PrimaryKey => Indexes.FirstOrDefault(static index => index.IsPrimary);

    /// <summary>Unique keys other than the primary key.</summary>
    public IEnumerable<IndexSchema> UniqueKeys => Indexes.Where(static index => index.IsUnique && !index.IsPrimary);

    public string QualifiedName => $"{Database}.{Name}";

    /// <summary>The position of a column by name (case-insensitive, as MySQL compares column names), or -1.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, column, StringComparison.OrdinalIgnoreCase))
                return i;
        }

        return -1;
    }

    public override string ToString() => QualifiedName;
}
