namespace Tandem.MySql.Schema;

/// <summary>
/// The column types Tandem's copy and stream carry exactly, by information_schema.COLUMNS.DATA_TYPE, so a table holding
/// any other type is refused before the copy starts rather than failing in the middle of it. The set is closed on
/// purpose: a type added to a server later (a new DATA TYPE plugin in information_schema.PLUGINS, or a new built-in
/// type) is refused until it has been carried and tested.
/// </summary>
internal static class CarriedColumnTypes
{
    private static readonly HashSet<string> Carried = new(StringComparer.OrdinalIgnoreCase)
    {
        "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "float", "double", "real", "bit", "year",
        "date", "time", "datetime", "timestamp",
        "char", "varchar", "binary", "varbinary", "tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob",
        "enum", "set", "json",
        "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection", "geomcollection",
        // MariaDB's DATA TYPE plugins (information_schema.PLUGINS WHERE PLUGIN_TYPE = 'DATA TYPE').
        "inet4", "inet6", "uuid",
    };

    /// <summary>True when the copy and the stream carry values of this type exactly.</summary>
    public static bool IsCarried(string dataType) => Carried.Contains(dataType);

    /// <summary>What to do about a column of a type Tandem does not carry.</summary>
    public static string HintFor(string dataType) => dataType.ToLowerInvariant() switch
    {
        "mysql_json" => "convert the column to MariaDB's JSON (ALTER TABLE ... MODIFY col JSON, which rewrites MySQL's binary JSON as text), or leave the table out of the task with '!db.table'",
        "vector" => "VECTOR columns are not carried yet: leave the table out of the task with '!db.table'",
        _ => "Tandem does not carry this type yet: leave the table out of the task with '!db.table', or change the column to a type it carries",
    };
}
