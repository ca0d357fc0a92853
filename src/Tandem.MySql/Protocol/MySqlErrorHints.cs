using System.Text.RegularExpressions;

namespace Tandem.MySql.Protocol;

/// <summary>What a user can do about the server errors Tandem meets most often.</summary>
internal static partial class MySqlErrorHints
{
    /// <summary>What Tandem's target user needs on every database it writes, tandem_meta included.</summary>
    private const string TargetPrivileges = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX";

    public static string? For(int errorCode, string? serverMessage = null) => errorCode switch
    {
        1045 => "check the user name and password in the URI, and that the user may connect from this host",
        1142 when serverMessage is not null && TableDenied().Match(serverMessage) is { Success: true } m =>
            $"the user lacks {m.Groups["privilege"].Value} on that table: GRANT {m.Groups["privilege"].Value} ON {Table(m.Groups["table"].Value)} TO '{m.Groups["user"].Value}'@'{m.Groups["host"].Value}'; " +
            $"(the server names the host connected from: grant to the account the user logs in as, which SELECT CURRENT_USER() shows; a target user needs {TargetPrivileges} on the databases Tandem writes)",
        1044 when serverMessage is not null && DatabaseDenied().Match(serverMessage) is { Success: true } m =>
            $"the user lacks the privilege this statement needs on database {m.Groups["database"].Value} (a CREATE for CREATE TABLE or CREATE DATABASE, a DROP for DROP or TRUNCATE): " +
            $"GRANT {TargetPrivileges} ON `{m.Groups["database"].Value.Replace("`", "``", StringComparison.Ordinal)}`.* TO '{m.Groups["user"].Value}'@'{m.Groups["host"].Value}';",
        1227 when serverMessage is not null && GlobalDenied().Match(serverMessage) is { Success: true } m =>
            $"the user lacks {m.Groups["privileges"].Value.Replace(", ", " or ", StringComparison.Ordinal)}: GRANT {m.Groups["privileges"].Value.Split(", ")[^1]} ON *.* TO the user Tandem connects as",
        1044 or 1142 or 1227 => "grant the privilege the message names to Tandem's user (see `tandem check`)",
        1049 => "create the database, or remove it from the URI",
        1064 => "the statement is not valid SQL for this server version",
        1153 or 1301 => "raise max_allowed_packet on the server (and in the URI's max_allowed_packet if set)",
        1205 or 1213 => "the statement lost a lock conflict; retrying it is safe",
        1236 => "the binlog position is no longer on the server (purged or never written); re-snapshot the task",
        1317 => "the query was cancelled (KILL QUERY)",
        1792 or 1836 => "the server is read-only (read_only, super_read_only or innodb_read_only); a running task waits for it to take writes again",
        1290 => "the server runs with an option that forbids this statement; with --read-only, make it writable (a running task waits for that)",
        1040 => "the server has too many connections: raise max_connections or lower Tandem's thread counts",
        1251 => "the server wants an authentication plugin this client did not offer",
        _ => null,
    };

    /// <summary>`db`.`t`, 'db.t' or 't' as the server quotes it, backtick-quoted for a GRANT.</summary>
    private static string Table(string quoted)
    {
        var bare = quoted.Trim('\'');
        return bare.StartsWith('`') ? bare : string.Join('.', bare.Split('.').Select(static p => $"`{p.Replace("`", "``", StringComparison.Ordinal)}`"));
    }

    // The messages of ER_TABLEACCESS_DENIED_ERROR (1142), ER_DBACCESS_DENIED_ERROR (1044) and ER_SPECIFIC_ACCESS_DENIED_ERROR
    // (1227) as listed in https://mariadb.com/kb/en/mariadb-error-code-reference/ and the MySQL server error reference.
    [GeneratedRegex(@"^(?<privilege>[A-Z ]+?) command denied to user '(?<user>[^']*)'@'(?<host>[^']*)' for table (?<table>\S+)$")]
    private static partial Regex TableDenied();

    [GeneratedRegex(@"^Access denied for user '(?<user>[^']*)'@'(?<host>[^']*)' to database '(?<database>.*)'$")]
    private static partial Regex DatabaseDenied();

    [GeneratedRegex(@"you need \(at least one of\) the (?<privileges>[A-Z ,]+?) privilege")]
    private static partial Regex GlobalDenied();
}
