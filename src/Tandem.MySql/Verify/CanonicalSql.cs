using Tandem.Core.Model;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Verify;

/// <summary>
/// SQL that makes a server encode a row canonically, so two servers holding the same row produce the same bytes and
/// any difference produces different bytes. Each column becomes a field that cannot be confused with another value:
/// numbers and temporals as their exact text, as CONCAT converts them (NULL as an empty field, which no number or date prints as); strings,
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
    /// <param name="bareText">
    /// Every character column of the row has one character set, so CONCAT keeps each value's bytes as they are and the
    /// per-row cast to BINARY can go (the bytes, and so the hashes, are the same either way).
    /// </param>
    public static string Field(ColumnSchema column, bool convertText, bool bareText = false)
    {
        var name = SqlLiteral.QuoteIdentifier(column.Name);
        // A NOT NULL column skips the NULL marker: its values encode the same either way, and IFNULL costs per row.
        return KindOf(column) switch
        {
            FieldKind.Exact => column.Nullable ? $"IFNULL({name}, '')" : name,
            FieldKind.Double => OrEmpty(column, FloatingField(name)),
            FieldKind.Float => OrEmpty(column, FloatingField($"({name} + 0E0)")),
            FieldKind.Bit => OrEmpty(column, $"CAST({name} AS UNSIGNED)"),
            FieldKind.Short => LengthPrefixed(column, Bytes(column, name, convertText, bareText), hashed: false),
            _ => LengthPrefixed(column, Bytes(column, name, convertText, bareText), hashed: true),
        };
    }

    /// <summary>The canonical encoding of a whole row: its fields joined by commas, which only length-prefixed values may contain.</summary>
    public static string Row(IEnumerable<(ColumnSchema Column, bool ConvertText, bool BareText)> columns) =>
        "CONCAT(" + string.Join(", ',', ", columns.Select(static c => Field(c.Column, c.ConvertText, c.BareText))) + ")";

    /// <summary>A strong 64-bit hash of a row encoding, as BIGINT UNSIGNED: the first 16 hex digits of its SHA-1.</summary>
    public static string Hash64(string rowEncoding) => $"CAST(CONV(LEFT(SHA1({rowEncoding}), 16), 16, 10) AS UNSIGNED)";

    /// <summary>
    /// A 32-bit bucket of a key encoding for splitting a chunk many ways: the same on both servers for the same key, so
    /// a row lands in the same bucket on each side whatever the key's type or collation.
    /// </summary>
    public static string KeyBucket(string keyEncoding) => $"CRC32({keyEncoding})";

    private static string FloatingField(string value) =>
        $"IF({value} = 0, IF(ATAN2({value}, -1) < 0, '-0', '0'), CAST({value} AS CHAR))";

    private static string OrEmpty(ColumnSchema column, string value) => column.Nullable ? $"IFNULL({value}, '')" : value;

    private static string LengthPrefixed(ColumnSchema column, string bytes, bool hashed)
    {
        var field = hashed ? $"CONCAT(LENGTH({bytes}), ':', SHA1({bytes}))" : $"CONCAT(LENGTH({bytes}), ':', {bytes})";
        return column.Nullable ? $"IFNULL({field}, 'N')" : field;
    }

    private static string Bytes(ColumnSchema column, string name, bool convertText, bool bareText)
    {
        if (IsJson(column))
            return $"CAST(CAST({name} AS CHAR CHARACTER SET utf8mb4) AS BINARY)";
        if (convertText && !column.IsBinary && column.CharacterSet is not null)
            return $"CAST(CONVERT({name} USING utf8mb4) AS BINARY)";
        // INET4, INET6 and UUID are not character data: bare, CONCAT would take their text; their binary form is shorter
        // and what the report decodes (ValueDisplay).
        return bareText && FixedBinaryText.KindOf(column.DataType) == FixedBinaryKind.None ? name : $"CAST({name} AS BINARY)";
    }

    /// <summary>True when the row's character columns (JSON aside, which is always cast) all share one character set.</summary>
    public static bool SharesOneCharacterSet(IEnumerable<ColumnSchema> columns) =>
        columns.Where(static c => !c.IsBinary && c.CharacterSet is not null and not "binary" && !IsJson(c) && KindOf(c) is FieldKind.Short or FieldKind.Long)
            .Select(static c => c.CharacterSet!.ToLowerInvariant())
            .Distinct()
            .Count() <= 1;

    private static bool IsJson(ColumnSchema column) => column.IsJson || column.DataType == "json";

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
