namespace Tandem.MySql.Schema.Ddl;

/// <summary>
/// A column type after aliases are resolved (INTEGER → int, NUMERIC → decimal, BOOL → tinyint(1), ...),
/// before charset defaults are applied. Arguments keep what was written; absent ones are null.
/// </summary>
internal sealed record ParsedType
{
    /// <summary>The canonical base type name, lower case ("int", "varchar", "decimal", "json", ...).</summary>
    public required string Name { get; init; }

    /// <summary>First argument: display width, length, precision or fsp.</summary>
    public int? Length { get; init; }

    /// <summary>Second argument: scale of DECIMAL/FLOAT/DOUBLE.</summary>
    public int? Scale { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];

    public bool Unsigned { get; init; }

    public bool Zerofill { get; init; }

    public string? CharacterSet { get; init; }

    public string? Collation { get; init; }

    /// <summary>The BINARY attribute of a text type: use the _bin collation of the charset.</summary>
    public bool BinaryCollation { get; init; }

    /// <summary>SERIAL: BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE.</summary>
    public bool Serial { get; init; }
}
