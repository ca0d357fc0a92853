namespace Tandem.Core.Tasks;

/// <summary>Maps a source table to its target name by a task's <see cref="TableRoute"/> rules.</summary>
public sealed class TableRouter
{
    public static readonly TableRouter Identity = new([]);

    private readonly IReadOnlyList<TableRoute> _routes;

    public TableRouter(IReadOnlyList<TableRoute> routes) => _routes = routes;

    public bool IsIdentity => _routes.Count == 0;

    /// <summary>The target database and table for a source table.</summary>
    public (string Database, string Table) Map(string database, string table)
    {
        foreach (var route in _routes)
        {
            var filter = Filtering.TableFilter.Parse([route.Pattern]);
            if (!filter.Includes(database, table))
                continue;
            var targetDatabase = route.TargetDatabase ?? database;
            var targetTable = route.TargetTable is null ? table : route.TargetTable.Replace("*", table, StringComparison.Ordinal);
            return (targetDatabase, targetTable);
        }

        return (database, table);
    }
}
