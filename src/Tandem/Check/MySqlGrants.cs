using System.Text.RegularExpressions;

namespace Tandem.Cli.Check;

/// <summary>
/// The privileges in the output of <c>SHOW GRANTS FOR CURRENT_USER()</c>, split into those on <c>*.*</c>, those on a
/// database (a name, or a pattern with the LIKE wildcards <c>%</c> and <c>_</c>) and those on a table. Roles are not
/// expanded: a privilege held only through a role is reported missing, which errs on the side of telling the user;
/// <see cref="HasRoles"/> says when that may be wrong.
/// </summary>
internal sealed partial class MySqlGrants
{
    private readonly HashSet<string> _global = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _somewhere = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Database, bool IsPattern, HashSet<string> Privileges)> _databases = [];

    public static MySqlGrants Parse(IEnumerable<string> grantLines)
    {
        var grants = new MySqlGrants();
        foreach (var line in grantLines)
        {
            var match = GrantLine().Match(line);
            if (!match.Success)
            {
                grants.HasRoles |= RoleLine().IsMatch(line);
                continue;
            }

            var on = match.Groups["on"].Value.Trim();
            var isGlobal = on == "*.*";
            var (database, table) = SplitObject(on);
            HashSet<string>? scoped = null;
            if (!isGlobal && database is not null)
            {
                scoped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                // A database-level grant may name several databases by LIKE wildcards; a table-level one never does.
                grants._databases.Add((database, table == "*" && database.AsSpan().IndexOfAny('%', '_') >= 0, scoped));
            }

            foreach (var raw in SplitPrivileges(match.Groups["privs"].Value))
            {
                var privilege = Normalize(raw);
                if (privilege.Length == 0)
                    continue;
                grants._somewhere.Add(privilege);
                scoped?.Add(privilege);
                if (isGlobal)
                    grants._global.Add(privilege);
            }
        }

        return grants;
    }

    /// <summary>Some lines grant roles (GRANT `role` TO ...), whose privileges SHOW GRANTS does not list.</summary>
    public bool HasRoles { get; private set; }

    public bool HasAllGlobally => _global.Contains("ALL") || _global.Contains("ALL PRIVILEGES");

    /// <summary>Held on *.*, directly or through ALL PRIVILEGES; any of <paramref name="names"/> counts.</summary>
    public bool HasGlobal(params string[] names) => HasAllGlobally || names.Any(_global.Contains);

    /// <summary>Held on *.* or on at least one database or table.</summary>
    public bool HasAnywhere(string name) =>
        HasGlobal(name) || _somewhere.Contains(name) || _somewhere.Contains("ALL") || _somewhere.Contains("ALL PRIVILEGES");

    /// <summary>
    /// Held on *.*, on <paramref name="database"/> (by name or by a LIKE pattern), or on some table of it. A table-level
    /// grant counts for its database, which errs on the side of not refusing a user whose grants are table by table.
    /// </summary>
    public bool HasOnDatabase(string database, string name)
    {
        if (HasGlobal(name))
            return true;
        foreach (var (granted, isPattern, privileges) in _databases)
        {
            var covers = privileges.Contains(name) || privileges.Contains("ALL") || privileges.Contains("ALL PRIVILEGES");
            if (covers && (isPattern ? LikeMatches(granted, database) : string.Equals(granted, database, StringComparison.OrdinalIgnoreCase)))
                return true;
        }

        return false;
    }

    /// <summary>`db`.`t`, `db`.*, db.t: the database and table, backticks removed; null for *.* or a form not understood.</summary>
    private static (string? Database, string? Table) SplitObject(string on)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < on.Length; i++)
        {
            var c = on[i];
            if (c == '`')
            {
                if (quoted && i + 1 < on.Length && on[i + 1] == '`')
                {
                    current.Append('`');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == '.' && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts is [var database, var table] && database != "*" ? (database, table) : (null, null);
    }

    /// <summary>The LIKE match MySQL applies to database names in grants: % any run, _ one character, \ escapes.</summary>
    private static bool LikeMatches(string pattern, string name)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            else
                regex.Append(c switch { '%' => ".*", '_' => ".", _ => Regex.Escape(c.ToString()) });
        }

        return Regex.IsMatch(name, regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    private static IEnumerable<string> SplitPrivileges(string text)
    {
        // Column privileges look like "SELECT (a, b)": commas inside parentheses do not separate privileges.
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
                depth++;
            else if (text[i] == ')')
                depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static string Normalize(string privilege)
    {
        var paren = privilege.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
            privilege = privilege[..paren];
        return string.Join(' ', privilege.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
    }

    [GeneratedRegex(@"^GRANT\s+\S.*?\s+TO\s", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex RoleLine();

    [GeneratedRegex(@"^GRANT\s+(?<privs>.+?)\s+ON\s+(?:(?:TABLE|FUNCTION|PROCEDURE|PACKAGE BODY|PACKAGE)\s+)?(?<on>\S+)\s+TO\s", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex GrantLine();
}
