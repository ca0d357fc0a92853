namespace Tandem.MySql.Schema;

/// <summary>One table a statement touched: created (Before null), dropped (After null), altered or renamed.</summary>
public readonly record struct TableChange(TableName? Before, TableName? After)
{
    public override string ToString() => $"{Before?.ToString() ?? "(none)"} -> {After?.ToString() ?? "(none)"}";
}
