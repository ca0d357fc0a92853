using System.Text;
using Tandem.Core.Model;
using Tandem.MySql.Schema.Ddl;

namespace Tandem.MySql.Schema;

/// <summary>
/// Turns a parsed type into a <see cref="ColumnSchema"/>, spelling <see cref="ColumnSchema.ColumnType"/> the way
/// information_schema.COLUMNS.COLUMN_TYPE does, so a model built from DDL equals one loaded from the server.
/// MariaDB JSON: DataType "longtext" (what the server reports and the binlog carries), IsJson true.
/// </summary>
internal static class ColumnFactory
{
    private static readonly HashSet<string> TextTypes = new(StringComparer.Ordinal)
    {
        "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set",
    };

    public static bool IsTextType(string dataType) => TextTypes.Contains(dataType);

    /// <summary>A column as DDL declares it, inheriting the table's charset and collation.</summary>
    public static ColumnSchema FromDefinition(ColumnDefinition definition, string tableCharset, string tableCollation, SchemaCatalogOptions options)
    {
        var type = definition.Type;
        string? charset = null;
        string? collation = null;
        var isJson = definition.JsonCheck;
        if (type.Name == "json")
        {
            isJson = true;
            if (options.IsMariaDb)
            {
                // MariaDB's JSON is an alias of LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin plus CHECK (json_valid(col)).
                type = type with { Name = "longtext" };
                (charset, collation) = ("utf8mb4", "utf8mb4_bin");
            }
        }
        else if (TextTypes.Contains(type.Name))
        {
            (charset, collation) = CharsetRules.Resolve(options, type.CharacterSet, type.Collation, type.BinaryCollation, tableCharset, tableCollation);
            if (charset == "binary")
            {
                type = type with { Name = BinaryEquivalent(type.Name) };
                (charset, collation) = TextTypes.Contains(type.Name) ? (charset, collation) : (null, null);
            }
        }

        if (type.Name is "text" or "blob" && type.Length is { } length)
            type = type with { Name = SizedLob((long)length * (charset is null ? 1 : CharsetRules.MaxBytes(options, charset)), charset is not null), Length = null };

        return Build(definition.Name, type, options) with
        {
            Nullable = definition.Nullable ?? true,
            CharacterSet = charset,
            Collation = collation,
            IsJson = isJson,
            IsGenerated = definition.Generated,
        };
    }

    /// <summary>A column as information_schema reports it; <paramref name="columnType"/> is kept verbatim.</summary>
    public static ColumnSchema FromServer(string name, string columnType, SchemaCatalogOptions options)
    {
        var type = DdlParser.ParseColumnType(columnType);
        return Build(name, type, options) with { ColumnType = columnType };
    }

    /// <summary>The type after CONVERT TO CHARACTER SET: TEXT grows to keep its length in characters, binary turns text into bytes.</summary>
    public static ColumnSchema Convert(ColumnSchema column, string charset, string collation, SchemaCatalogOptions options)
    {
        if (!TextTypes.Contains(column.DataType) || column.CharacterSet is null)
            return column;
        var type = DdlParser.ParseColumnType(column.ColumnType);
        if (charset == "binary")
        {
            type = type with { Name = BinaryEquivalent(type.Name) };
            var converted = Build(column.Name, type, options) with { Nullable = column.Nullable, IsGenerated = column.IsGenerated, IsJson = column.IsJson };
            return TextTypes.Contains(type.Name) ? converted with { CharacterSet = charset, Collation = collation } : converted;
        }

        if (type.Name is "tinytext" or "text" or "mediumtext")
        {
            var characters = MaxLobBytes(type.Name) / CharsetRules.MaxBytes(options, column.CharacterSet);
            var bytes = characters * CharsetRules.MaxBytes(options, charset);
            if (bytes > MaxLobBytes(type.Name))
                type = type with { Name = SizedLob(bytes, text: true) };
        }

        return Build(column.Name, type, options) with
        {
            Nullable = column.Nullable,
            IsGenerated = column.IsGenerated,
            IsJson = column.IsJson,
            CharacterSet = charset,
            Collation = collation,
        };
    }

    private static string BinaryEquivalent(string name) => name switch
    {
        "char" => "binary",
        "varchar" => "varbinary",
        "tinytext" => "tinyblob",
        "text" => "blob",
        "mediumtext" => "mediumblob",
        "longtext" => "longblob",
        _ => name,
    };

    private static long MaxLobBytes(string name) => name switch
    {
        "tinytext" or "tinyblob" => 255,
        "text" or "blob" => 65535,
        "mediumtext" or "mediumblob" => 16777215,
        _ => 4294967295,
    };

    /// <summary>TEXT(n)/BLOB(n): the smallest type that holds n characters (https://dev.mysql.com/doc/refman/8.4/en/blob.html).</summary>
    private static string SizedLob(long bytes, bool text)
    {
        var prefix = bytes <= 255 ? "tiny" : bytes <= 65535 ? "" : bytes <= 16777215 ? "medium" : "long";
        return prefix + (text ? "text" : "blob");
    }

    private static ColumnSchema Build(string name, ParsedType type, SchemaCatalogOptions options)
    {
        var column = new ColumnSchema
        {
            Name = name,
            DataType = type.Name,
            ColumnType = Spell(type, options),
            Unsigned = type.Unsigned,
            Values = type.Labels,
            IsJson = type.Name == "json",
        };
        return type.Name switch
        {
            "bit" => column with { Length = type.Length ?? 1 },
            "char" or "binary" => column with { Length = type.Length ?? 1 },
            "varchar" or "varbinary" or "vector" => column with { Length = type.Length },
            "decimal" => column with { Precision = type.Length ?? 10, Scale = type.Scale ?? 0 },
            "float" or "double" => column with { Precision = type.Scale is null ? null : type.Length, Scale = type.Scale },
            "time" or "datetime" or "timestamp" => column with { FractionDigits = type.Length ?? 0 },
            _ => column,
        };
    }

    /// <summary>COLUMN_TYPE as MariaDB prints it; MySQL 8.0.19+ drops integer display widths except with ZEROFILL and tinyint(1).</summary>
    private static string Spell(ParsedType type, SchemaCatalogOptions options)
    {
        var text = new StringBuilder(type.Name);
        switch (type.Name)
        {
            case "tinyint" or "smallint" or "mediumint" or "int" or "bigint":
                var width = type.Length ?? DefaultWidth(type.Name, type.Unsigned);
                if (options.IsMariaDb || type.Zerofill || (type.Name == "tinyint" && width == 1))
                    text.Append('(').Append(width).Append(')');
                break;
            case "bit":
                text.Append('(').Append(type.Length ?? 1).Append(')');
                break;
            case "decimal":
                text.Append('(').Append(type.Length ?? 10).Append(',').Append(type.Scale ?? 0).Append(')');
                break;
            case "float" or "double" when type.Scale is not null:
                text.Append('(').Append(type.Length).Append(',').Append(type.Scale).Append(')');
                break;
            case "char" or "binary":
                text.Append('(').Append(type.Length ?? 1).Append(')');
                break;
            case "varchar" or "varbinary" or "vector" when type.Length is not null:
                text.Append('(').Append(type.Length).Append(')');
                break;
            case "time" or "datetime" or "timestamp" when type.Length is > 0:
                text.Append('(').Append(type.Length).Append(')');
                break;
            case "year" when options.IsMariaDb:
                text.Append("(4)");
                break;
            case "enum" or "set":
                // information_schema doubles quotes and backslashes in labels; other characters print as they are.
                text.Append('(').AppendJoin(',', type.Labels.Select(static label => "'" + label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'")).Append(')');
                break;
        }

        if (type.Unsigned && type.Name is "tinyint" or "smallint" or "mediumint" or "int" or "bigint" or "decimal" or "float" or "double")
            text.Append(" unsigned");
        if (type.Zerofill)
            text.Append(" zerofill");
        return text.ToString();
    }

    private static int DefaultWidth(string name, bool unsigned) => name switch
    {
        "tinyint" => unsigned ? 3 : 4,
        "smallint" => unsigned ? 5 : 6,
        "mediumint" => unsigned ? 8 : 9,
        "int" => unsigned ? 10 : 11,
        _ => 20,
    };
}
