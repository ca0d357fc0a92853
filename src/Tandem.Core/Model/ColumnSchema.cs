namespace Tandem.Core.Model;

/// <summary>
/// One column as the source declares it. <see cref="DataType"/> is the lower-case base type name
/// ("int", "varchar", "decimal", "enum", "json", ...); <see cref="ColumnType"/> is the full declared type
/// ("decimal(65,30) unsigned") so a target can be created with the same definition.
/// </summary>
public sealed record ColumnSchema
{
    public required string Name { get; init; }

    public required string DataType { get; init; }

    /// <summary>The full declared type as the source prints it, e.g. "varchar(20)" or "enum('a','b')".</summary>
    public required string ColumnType { get; init; }

    public bool Nullable { get; init; } = true;

    public bool Unsigned { get; init; }

    /// <summary>Character length of CHAR/VARCHAR/BINARY/VARBINARY, or the width of BIT; null when not applicable.</summary>
    public int? Length { get; init; }

    public int? Precision { get; init; }

    public int? Scale { get; init; }

    /// <summary>Fractional-second digits of TIME/DATETIME/TIMESTAMP (0-6); null for other types.</summary>
    public int? FractionDigits { get; init; }

    /// <summary>Character set of a text column ("utf8mb4", "latin1", "binary"); null for non-text types.</summary>
    public string? CharacterSet { get; init; }

    /// <summary>Collation of a text column ("utf8mb4_general_ci", "binary"); null for non-text types.</summary>
    public string? Collation { get; init; }

    /// <summary>The labels of an ENUM or SET, in declaration order; empty for other types.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>True for JSON columns, including MariaDB's JSON alias (LONGTEXT with a json_valid check).</summary>
    public bool IsJson { get; init; }

    /// <summary>Generated (virtual or stored) columns are computed by the server and never written.</summary>
    public bool IsGenerated { get; init; }

    /// <summary>True when values are raw bytes rather than text: BINARY, VARBINARY, BLOBs, or text with the binary charset.</summary>
    public bool IsBinary =>
        DataType is "binary" or "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob"
        || string.Equals(CharacterSet, "binary", StringComparison.OrdinalIgnoreCase);
}
