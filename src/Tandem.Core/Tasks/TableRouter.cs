using System.Collections.Concurrent;
using Tandem.Core.Errors;
using Tandem.Core.Filtering;

namespace Tandem.Core.Tasks;

/// <summary>
/// Maps a source table to its target name by a task's <see cref="TableRoute"/> rules. The patterns are compiled once,
/// when the router is built (which also validates them), and each table's answer is remembered, since the apply asks
/// for every row change and a task sees few distinct tables.
/// </summary>
public sealed class TableRouter
{
    public static readonly TableRouter Identity = new([]);

    /// <summary>Remembered answers stop growing here, so a workload creating endless tables cannot exhaust memory.</summary>
    private const int CacheLimit = 100_000;

    private readonly (TableFilter Match, TableRoute Route)[] _routes;
    private readonly ConcurrentDictionary<(string Database, string Table), (string Database, string Table)> _cache = new();

    /// <exception cref="TandemException">A route's pattern or target is unusable; the message names it.</exception>
    public TableRouter(IReadOnlyList<TableRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _routes = [.. routes.Select(static route => (Compile(route), route))];
    }

    public bool IsIdentity => _routes.Length == 0;

    /// <summary>Checks one route as the constructor would, for a task file to report the line it came from.</summary>
    /// <exception cref="TandemException">The route is unusable; the message names the part.</exception>
    public static void Validate(TableRoute route) => Compile(route);

    /// <summary>The target database and table for a source table.</summary>
    public (string Database, string Table) Map(string database, string table)
    {
        if (_routes.Length == 0)
            return (database, table);
        if (_cache.TryGetValue((database, table), out var mapped))
            return mapped;
        mapped = Resolve(database, table);
        if (_cache.Count < CacheLimit)
            _cache.TryAdd((database, table), mapped);
        return mapped;
    }

    private (string Database, string Table) Resolve(string database, string table)
    {
        foreach (var (match, route) in _routes)
        {
            if (!match.Includes(database, table))
                continue;
            var targetDatabase = route.TargetDatabase ?? database;
            var targetTable = route.TargetTable is null ? table : route.TargetTable.Replace("*", table, StringComparison.Ordinal);
            return (targetDatabase, targetTable);
        }

        return (database, table);
    }

    private static TableFilter Compile(TableRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var pattern = route.Pattern?.Trim() ?? string.Empty;
        if (pattern.Length == 0 || pattern.StartsWith('!') || pattern.Contains(',', StringComparison.Ordinal))
        {
            throw new TandemException(
                $"route pattern '{pattern}' must be one inclusion pattern",
                "a route names the tables it renames with one pattern such as 'shop.*' or 'shop.order_?'; exclude tables in 'tables' instead, and write one route per pattern");
        }

        if (route.TargetDatabase is null && route.TargetTable is null)
            throw new TandemException($"route '{pattern}' renames nothing", "give the route a target database, a target table, or both");
        if (route.TargetDatabase is { } database && (database.Length is 0 or > 64 || database.AsSpan().IndexOfAny('*', '?', '`') >= 0))
        {
            throw new TandemException(
                $"route '{pattern}': target database '{database}' is not a database name",
                "write a plain name of 1 to 64 characters, without wildcards or backquotes");
        }

        if (route.TargetTable is { } table && (table.Length == 0 || table.Replace("*", string.Empty, StringComparison.Ordinal).Length > 64 || table.AsSpan().IndexOfAny('?', '`') >= 0))
        {
            throw new TandemException(
                $"route '{pattern}': target table '{table}' is not a table name",
                "write a plain name of 1 to 64 characters, where '*' stands for the source table's name (archive_*); '?' and backquotes are not allowed");
        }

        return TableFilter.Parse([pattern]);
    }
}
