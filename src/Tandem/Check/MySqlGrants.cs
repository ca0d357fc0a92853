using System.Text.RegularExpressions;

namespace Tandem.Cli.Check;

/// <summary>
/// The privileges in the output of <c>SHOW GRANTS FOR CURRENT_USER()</c>, split into those on <c>*.*</c>
/// and those on some database or table. Roles are not expanded: a privilege held only through a role is
/// reported missing, which errs on the side of telling the user.
/// </summary>
internal sealed partial class MySqlGrants
{
    private readonly HashSet<string> _global = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _somewhere = new(StringComparer.OrdinalIgnoreCase);

    public static MySqlGrants Parse(IEnumerable<string> grantLines)
    {
        var grants = new MySqlGrants();
        foreach (var line in grantLines)
        {
            var match = GrantLine().Match(line);
            if (!match.Success)
                continue;
            var isGlobal = match.Groups["on"].Value.Trim() == "*.*";
            foreach (var raw in SplitPrivileges(match.Groups["privs"].Value))
            {
                var privilege = Normalize(raw);
                if (privilege.Length == 0)
                    continue;
                grants._somewhere.Add(privilege);
                if (isGlobal)
                    grants._global.Add(privilege);
            }
        }

        return grants;
    }

    public bool HasAllGlobally => _global.Contains("ALL") || _global.Contains("ALL PRIVILEGES");

    /// <summary>Held on *.*, directly or through ALL PRIVILEGES; any of <paramref name="names"/> counts.</summary>
    public bool HasGlobal(params string[] names) => HasAllGlobally || names.Any(_global.Contains);

    /// <summary>Held on *.* or on at least one database or table.</summary>
    public bool HasAnywhere(string name) =>
        HasGlobal(name) || _somewhere.Contains(name) || _somewhere.Contains("ALL") || _somewhere.Contains("ALL PRIVILEGES");

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

    [GeneratedRegex(@"^GRANT\s+(?<privs>.+?)\s+ON\s+(?:(?:TABLE|FUNCTION|PROCEDURE|PACKAGE BODY|PACKAGE)\s+)?(?<on>\S+)\s+TO\s", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex GrantLine();
}
