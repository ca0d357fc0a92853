namespace Tandem.MySql.Schema;

/// <summary>SQL string literals for the loader's information_schema queries.</summary>
internal static class SqlText
{
    /// <summary>A '...' literal safe under any sql_mode: backslashes and quotes are doubled.</summary>
    public static string Literal(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
