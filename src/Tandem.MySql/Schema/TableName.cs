namespace Tandem.MySql.Schema;

/// <summary>A table's database and name, as the catalog stores them.</summary>
public readonly record struct TableName(string Database, string Name)
{
    public override string ToString() => $"{Database}.{Name}";
}
