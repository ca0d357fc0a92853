using Tandem.Core.Model;

namespace Tandem.Core.Replication;

/// <summary>
/// The key a replicated table's rows are matched by on the target: the primary key, else the first unique key whose
/// columns are all NOT NULL (a unique key over nullable columns admits repeated NULLs, so it identifies nothing).
/// </summary>
public static class ReplicationKey
{
    /// <summary>The matching key, or null when the table has none and can only be matched on all its columns.</summary>
    public static IndexSchema? Choose(TableSchema table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.PrimaryKey is { } primary)
            return primary;
        foreach (var unique in table.UniqueKeys)
        {
            if (unique.Columns.All(column => table.IndexOf(column) is var i && i >= 0 && !table.Columns[i].Nullable))
                return unique;
        }

        return null;
    }

    /// <summary>Column positions of the matching key in the table's column order, or null when there is none.</summary>
    public static int[]? Ordinals(TableSchema table) =>
        Choose(table) is { } key ? [.. key.Columns.Select(table.IndexOf)] : null;
}
