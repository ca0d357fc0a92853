using System.Text;
using System.Text.RegularExpressions;
using Tandem.Core.Errors;

namespace Tandem.Core.Filtering;

/// <summary>
/// Which tables a command or task covers, from patterns "db.table" where either part may use * (any run of
/// characters) and ? (one character); a leading ! excludes. A table is included when some inclusion matches it and no
/// exclusion does; with only exclusions, everything else is included. Names compare case-insensitively.
/// </summary>
public sealed class TableFilter
{
    public static readonly TableFilter All = new([], []);

    private readonly (Regex Database, Regex Table)[] _include;
    private readonly (Regex Database, Regex Table)[] _exclude;

    private TableFilter((Regex, Regex)[] include, (Regex, Regex)[] exclude)
    {
        _include = include;
        _exclude = exclude;
    }

    /// <summary>Parses patterns; each element may itself hold several patterns separated by commas.</summary>
    public static TableFilter Parse(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var include = new List<(Regex, Regex)>();
        var exclude = new List<(Regex, Regex)>();
        foreach (var item in patterns.SelectMany(static p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var negated = item.StartsWith('!');
            var pattern = negated ? item[1..].Trim() : item;
            var dot = pattern.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || dot == pattern.Length - 1 || pattern.IndexOf('.', dot + 1) >= 0)
            {
                throw new TandemException(
                    $"table pattern '{item}' is not of the form database.table",
                    "write patterns as db.table, with * and ? as wildcards and ! to exclude: 'shop.*', 'shop.order_?', '!shop.tmp_*'");
            }

            var compiled = (Compile(pattern[..dot]), Compile(pattern[(dot + 1)..]));
            (negated ? exclude : include).Add(compiled);
        }

        return new TableFilter([.. include], [.. exclude]);
    }

    public bool IsEverything => _include.Length == 0 && _exclude.Length == 0;

    public bool Includes(string database, string table)
    {
        foreach (var (db, t) in _exclude)
        {
            if (db.IsMatch(database) && t.IsMatch(table))
                return false;
        }

        if (_include.Length == 0)
            return true;

        foreach (var (db, t) in _include)
        {
            if (db.IsMatch(database) && t.IsMatch(table))
                return true;
        }

        return false;
    }

    /// <summary>Could any table of this database be included? (Decides whether database-level statements matter.)</summary>
    public bool MayInclude(string database)
    {
        if (_include.Length == 0)
            return true;

        foreach (var (db, _) in _include)
        {
            if (db.IsMatch(database))
                return true;
        }

        return false;
    }

    private static Regex Compile(string glob)
    {
        var pattern = new StringBuilder("^");
        foreach (var c in glob)
        {
            pattern.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        pattern.Append('$');
        return new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}
