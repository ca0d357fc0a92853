using System.Text.RegularExpressions;
using Tandem.MySql.Protocol;

namespace Tandem.Cli.Check;

/// <summary>What the checks need to know about a MySQL-family server, read once over one connection.</summary>
internal sealed partial class MySqlServerFacts
{
    private MySqlServerFacts(string flavor, string version, string fullVersion, string currentUser,
        IReadOnlyDictionary<string, string> variables, MySqlGrants grants, string? grantsError)
    {
        Flavor = flavor;
        Version = version;
        FullVersion = fullVersion;
        CurrentUser = currentUser;
        Variables = variables;
        Grants = grants;
        GrantsError = grantsError;
    }

    public const string MySql = "MySQL";
    public const string MariaDb = "MariaDB";
    public const string TiDb = "TiDB";

    /// <summary>MySQL, MariaDB or TiDB.</summary>
    public string Flavor { get; }

    /// <summary>The numeric version (10.11.6; for TiDB its own release such as v7.5.0).</summary>
    public string Version { get; }

    /// <summary>VERSION() as the server reports it.</summary>
    public string FullVersion { get; }

    /// <summary>CURRENT_USER() as 'user'@'host', ready for a GRANT statement.</summary>
    public string CurrentUser { get; }

    /// <summary>SHOW GLOBAL VARIABLES, by name, case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    public MySqlGrants Grants { get; }

    /// <summary>Why SHOW GRANTS could not be read, when it could not.</summary>
    public string? GrantsError { get; }

    public bool IsMariaDb => Flavor == MariaDb;

    public bool IsTiDb => Flavor == TiDb;

    public string? Variable(string name) => Variables.TryGetValue(name, out var value) ? value : null;

    /// <summary>True when the numeric version is at least major.minor.</summary>
    public bool IsAtLeast(int major, int minor)
    {
        var match = NumericVersion().Match(FullVersion);
        if (!match.Success)
            return false;
        var ma = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var mi = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        return ma > major || (ma == major && mi >= minor);
    }

    public static async Task<MySqlServerFacts> ReadAsync(MySqlConnection connection, CancellationToken ct)
    {
        var fullVersion = Convert.ToString(await connection.QueryScalarAsync("SELECT VERSION()", ct), System.Globalization.CultureInfo.InvariantCulture)
            ?? connection.ServerVersion;
        var user = Convert.ToString(await connection.QueryScalarAsync("SELECT CURRENT_USER()", ct), System.Globalization.CultureInfo.InvariantCulture) ?? "user@%";

        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var reader = await connection.QueryAsync("SHOW GLOBAL VARIABLES", ct))
        {
            while (await reader.ReadAsync(ct))
                variables[reader.GetString(0) ?? string.Empty] = reader.GetString(1) ?? string.Empty;
        }

        var grantLines = new List<string>();
        string? grantsError = null;
        try
        {
            await using var reader = await connection.QueryAsync("SHOW GRANTS FOR CURRENT_USER()", ct);
            while (await reader.ReadAsync(ct))
                grantLines.Add(reader.GetString(0) ?? string.Empty);
        }
        catch (MySqlServerException ex)
        {
            grantsError = ex.ServerMessage;
        }

        return From(fullVersion, connection.IsMariaDb, user, variables, grantLines, grantsError);
    }

    /// <summary>The facts from what the server answered; separate from the reading so the judging can be tested from data.</summary>
    internal static MySqlServerFacts From(
        string fullVersion,
        bool mariaDbHandshake,
        string currentUser,
        IReadOnlyDictionary<string, string> variables,
        IEnumerable<string> grantLines,
        string? grantsError = null)
    {
        var flavor = fullVersion.Contains("TiDB", StringComparison.OrdinalIgnoreCase) ? TiDb
            : mariaDbHandshake || fullVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) ? MariaDb
            : MySql;
        var version = flavor == TiDb ? TiDbVersion(fullVersion) : NumericVersion().Match(fullVersion) is { Success: true } m ? m.Value : fullVersion;
        var at = currentUser.LastIndexOf('@');
        var quotedUser = at < 0 ? $"'{currentUser}'" : $"'{currentUser[..at]}'@'{currentUser[(at + 1)..]}'";
        var byName = new Dictionary<string, string>(variables, StringComparer.OrdinalIgnoreCase);
        return new MySqlServerFacts(flavor, version, fullVersion, quotedUser, byName, MySqlGrants.Parse(grantLines), grantsError);
    }

    private static string TiDbVersion(string fullVersion)
    {
        // TiDB reports "8.0.11-TiDB-v7.5.0": the MySQL version it mimics, then its own.
        var index = fullVersion.IndexOf("TiDB-", StringComparison.OrdinalIgnoreCase);
        return index < 0 ? fullVersion : fullVersion[(index + 5)..];
    }

    [GeneratedRegex(@"^(\d+)\.(\d+)(?:\.\d+)?")]
    private static partial Regex NumericVersion();
}
