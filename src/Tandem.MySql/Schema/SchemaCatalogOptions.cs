namespace Tandem.MySql.Schema;

/// <summary>
/// Server facts the schema model needs to resolve what a DDL statement leaves implicit: name comparison,
/// default character set and collation, and the flavour's type spelling. <see cref="SchemaLoader"/> reads
/// them from the server; tests use <see cref="MariaDbDefaults"/>.
/// </summary>
public sealed record SchemaCatalogOptions
{
    /// <summary>@@lower_case_table_names: 0 compares database and table names case-sensitively, 1 stores them lower-cased, 2 compares them case-insensitively.</summary>
    public int LowerCaseTableNames { get; init; }

    /// <summary>MariaDB spells JSON as LONGTEXT with a json_valid check and prints integer display widths.</summary>
    public bool IsMariaDb { get; init; } = true;

    /// <summary>@@character_set_server: the default of a database created without one.</summary>
    public string CharacterSet { get; init; } = "utf8mb4";

    /// <summary>@@collation_server.</summary>
    public string Collation { get; init; } = "utf8mb4_general_ci";

    /// <summary>Default collation of each character set (information_schema.CHARACTER_SETS, then @@character_set_collations).</summary>
    public IReadOnlyDictionary<string, string> DefaultCollations { get; init; } = CharacterSets.DefaultCollations;

    /// <summary>Bytes per character of each character set (CHARACTER_SETS.MAXLEN): TEXT(n) and CONVERT TO size text by it.</summary>
    public IReadOnlyDictionary<string, int> MaxBytesPerCharacter { get; init; } = CharacterSets.MaxBytes;

    /// <summary>MariaDB 10.11 with utf8mb4 defaults, names compared case-sensitively.</summary>
    public static SchemaCatalogOptions MariaDbDefaults { get; } = new();

    public bool TableNamesIgnoreCase => LowerCaseTableNames != 0;

    public StringComparer NameComparer => TableNamesIgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
