using Tandem.Core.Tasks;

namespace Tandem.Core.Filtering;

/// <summary>
/// Which inclusion patterns of a task select no table of a server: a pattern that matches nothing (a typo, the wrong
/// server) would otherwise copy nothing and stream nothing without a word. Exclusions (<c>!db.t</c>) are exempt: one that
/// matches nothing only leaves nothing out.
/// </summary>
public static class TablePatternCoverage
{
    /// <summary>The inclusion patterns that select none of <paramref name="tables"/>, in the order written.</summary>
    /// <param name="patterns">The patterns as the task writes them (an item may hold several, separated by commas).</param>
    /// <param name="databases">The server's databases, empty ones included.</param>
    public static IReadOnlyList<UnmatchedPattern> Unmatched(IEnumerable<string> patterns, IReadOnlyCollection<string> databases, IReadOnlyCollection<(string Database, string Table)> tables)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(databases);
        ArgumentNullException.ThrowIfNull(tables);
        var all = patterns.SelectMany(static p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var whole = TableFilter.Parse(all);
        var unmatched = new List<UnmatchedPattern>();
        foreach (var pattern in all.Where(static p => !p.StartsWith('!')))
        {
            var alone = TableFilter.Parse([pattern]);
            var matched = tables.Where(t => alone.Includes(t.Database, t.Table)).ToList();
            if (matched.Count == 0)
                unmatched.Add(new UnmatchedPattern(pattern, [], Suggest(pattern, databases, tables), databases.Any(alone.MayInclude)));
            else if (!matched.Any(t => whole.Includes(t.Database, t.Table)))
                unmatched.Add(new UnmatchedPattern(pattern, [.. matched.Select(static t => $"{t.Database}.{t.Table}")], null, DatabaseExists: true));
        }

        return unmatched;
    }

    /// <summary>A pattern with a close name where a plain (wildcard-free) part names nothing: 'sbtset.*' → 'sbtest.*'.</summary>
    private static string? Suggest(string pattern, IReadOnlyCollection<string> databases, IReadOnlyCollection<(string Database, string Table)> tables)
    {
        var dot = pattern.IndexOf('.', StringComparison.Ordinal);
        var (database, table) = (pattern[..dot], pattern[(dot + 1)..]);
        if (!IsPlain(database))
            return null;
        if (!databases.Contains(database, StringComparer.OrdinalIgnoreCase))
            return Suggestions.Closest(database, databases) is { } closeDatabase ? $"{closeDatabase}.{table}" : null;
        if (!IsPlain(table))
            return null;
        var names = tables.Where(t => string.Equals(t.Database, database, StringComparison.OrdinalIgnoreCase)).Select(static t => t.Table);
        return Suggestions.Closest(table, names) is { } closeTable ? $"{database}.{closeTable}" : null;
    }

    private static bool IsPlain(string part) => part.IndexOfAny(['*', '?']) < 0;
}
