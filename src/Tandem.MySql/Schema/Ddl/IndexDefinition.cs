namespace Tandem.MySql.Schema.Ddl;

/// <summary>A key as declared; <see cref="Columns"/> are column names (expression parts are left out).</summary>
internal sealed record IndexDefinition
{
    public required IndexKind Kind { get; init; }

    public string? Name { get; init; }

    /// <summary>The CONSTRAINT symbol, when written.</summary>
    public string? ConstraintName { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Per column, the prefix length written as <c>col(N)</c>, 0 for the whole column; empty when none has one.</summary>
    public IReadOnlyList<int> PrefixLengths { get; init; } = [];

    public bool IfNotExists { get; init; }
}
