namespace Tandem.Cli.Check;

/// <summary>A column of a source table, as information_schema.COLUMNS names it and its type.</summary>
internal sealed record SourceColumn(string Database, string Table, string Column, string DataType, string ColumnType)
{
    public override string ToString() => $"{Database}.{Table}.{Column} ({ColumnType})";
}
