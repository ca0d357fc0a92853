using Tandem.Core.Model;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Verify;

/// <summary>
/// SQL that makes a server encode a row canonically, so two servers holding the same row produce the same bytes and
/// any difference produces different bytes. Each column becomes a field that cannot be confused with another value:
/// numbers and temporals as their exact text (NULL as an empty field, which no number or date prints as); strings,
/// binaries, ENUM and SET as their length, a colon and their bytes (NULL as "N"), so neither a separator inside a value
/// nor NULL versus '' can collide, and comparing bytes keeps case and trailing spaces significant under any collation.
/// Long values (TEXT, BLOB, JSON, spatial) enter as length and SHA-1, so a row never outgrows max_allowed_packet.
/// DOUBLE and FLOAT print as the shortest text that reads back to the same double (FLOAT widened first, since its
/// own text keeps six digits), with a sign kept for negative zero, which the text alone drops.
/// </summary>
internal static class CanonicalSql
{
    /// <summary>The canonical field of one column; never NULL.</summary>
    /// <param name="convertText">Convert character data to utf8mb4 first: the two sides store the column in different character sets.</param>
    public static string Field(ColumnSchema column, bool convertText)
    {
        var name = SqlLiteral.QuoteIdentifier(column.Name);
        return KindOf(column) switch
        {
            FieldKind.Exact => $"IFNULL(CAST({name} AS CHAR), '')",
            FieldKind.Double => FloatingField(name),
            FieldKind.Float => FloatingField($"({name} + 0E0)"),
            FieldKind.Bit => $"IFNULL(CAST({name} AS UNSIGNED), '')",
            FieldKind.Short => LengthPrefixed(Bytes(column, name, convertText), hashed: false),
            _ => LengthPrefixed(Bytes(column, name, convertText), hashed: true),
        };
    }

    /// <summary>The canonical encoding of a whole row: its fields joined by commas, which only length-prefixed values may contain.</summary>
    public static string Row(IEnumerable<(ColumnSchema Column, bool ConvertText)> columns) =>
        "CONCAT(" + string.Join(", ',', ", columns.Select(static c => Field(c.Column, c.ConvertText))) + ")";

    /// <summary>A strong 64-bit hash of a row encoding, as BIGINT UNSIGNED: the first 16 hex digits of its SHA-1.</summary>
    public static string Hash64(string rowEncoding) => $"CAST(CONV(LEFT(SHA1({rowEncoding}), 16), 16, 10) AS UNSIGNED)";

    /// <summary>
    /// A 32-bit bucket of a key encoding for splitting a chunk many ways: the same on both servers for the same key, so
    /// a row lands in the same bucket on each side whatever the key's type or collation.
    /// </summary>
    public static string KeyBucket(string keyEncoding) => $"CRC32({keyEncoding})";

    private static string FloatingField(string value) =>
        $"IFNULL(IF({value} = 0, IF(ATAN2({value}, -1) < 0, '-0', '0'), CAST({value} AS CHAR)), '')";

    private static string LengthPrefixed(string bytes, bool hashed) =>
        hashed
            ? $"IFNULL(CONCAT(LENGTH({bytes}), ':', SHA1({bytes})), 'N')"
            : $"IFNULL(CONCAT(LENGTH({bytes}), ':', {bytes}), 'N')";

    private static string Bytes(ColumnSchema column, string name, bool convertText)
    {
        if (column.IsJson || column.DataType == "json")
            return $"CAST(CAST({name} AS CHAR CHARACTER SET utf8mb4) AS BINARY)";
        if (convertText && !column.IsBinary && column.CharacterSet is not null)
            return $"CAST(CONVERT({name} USING utf8mb4) AS BINARY)";
        return $"CAST({name} AS BINARY)";
    }

    internal static FieldKind KindOf(ColumnSchema column) => column.DataType switch
    {
        "tinyint" or "smallint" or "mediumint" or "int" or "integer" or "bigint" or "decimal" or "numeric" or "year"
            or "date" or "datetime" or "timestamp" or "time" => FieldKind.Exact,
        "double" or "real" or "double precision" => FieldKind.Double,
        "float" => FieldKind.Float,
        "bit" => FieldKind.Bit,
        "char" or "varchar" or "binary" or "varbinary" or "enum" or "set" or "inet4" or "inet6" or "uuid" => FieldKind.Short,
        _ => FieldKind.Long,
    };

    internal enum FieldKind
    {
        Exact,
        Double,
        Float,
        Bit,
        Short,
        Long,
    }
}
