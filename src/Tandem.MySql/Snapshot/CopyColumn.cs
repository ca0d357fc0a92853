using Tandem.Core.Model;

namespace Tandem.MySql.Snapshot;

/// <summary>A column the copy reads and writes: its name, how its bytes are written, and its character set.</summary>
internal sealed record CopyColumn(string Name, CellKind Kind, string? CharacterSet, bool IsEnumOrSet)
{
    public static CopyColumn From(ColumnSchema column)
    {
        var kind = column.DataType switch
        {
            "tinyint" or "smallint" or "mediumint" or "int" or "integer" or "bigint" or "decimal" or "numeric" or "float" or "double" or "real" or "year" => CellKind.Number,
            "bit" => CellKind.Bit,
            "json" => CellKind.Json,
            "date" or "datetime" or "timestamp" or "time" => CellKind.Temporal,
            _ => CellKind.Bytes,
        };
        return new CopyColumn(column.Name, kind, column.IsBinary ? "binary" : column.CharacterSet, column.DataType is "enum" or "set");
    }
}
