namespace Tandem.MySql.Schema.Ddl;

/// <summary>A table name as written; <see cref="Database"/> is null when unqualified.</summary>
internal sealed record TableRef(string? Database, string Name)
{
    public override string ToString() => Database is null ? Name : $"{Database}.{Name}";
}
