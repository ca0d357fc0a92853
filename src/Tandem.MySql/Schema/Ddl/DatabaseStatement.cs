namespace Tandem.MySql.Schema.Ddl;

/// <summary>CREATE, ALTER or DROP DATABASE; <see cref="Name"/> is null for ALTER DATABASE without a name (the default database).</summary>
internal sealed record DatabaseStatement(SchemaChangeKind Kind, string? Name) : DdlStatement
{
    public bool IfExists { get; init; }

    public bool IfNotExists { get; init; }

    public bool OrReplace { get; init; }

    public string? CharacterSet { get; init; }

    public string? Collation { get; init; }
}
