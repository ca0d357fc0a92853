using Tandem.Core.Model;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// A column the copy reads and writes: its name, how its bytes are written, and its character set. MariaDB's INET4,
/// INET6 and UUID (<paramref name="FixedBinary"/>) are read in their binary form, as binary strings: the writers'
/// <c>SET NAMES binary</c> session takes a binary string into such a column as that form, and would refuse their text.
/// </summary>
internal sealed record CopyColumn(string Name, CellKind Kind, string? CharacterSet, bool IsEnumOrSet, FixedBinaryKind FixedBinary = FixedBinaryKind.None)
{
    /// <summary>The select-list expression that reads the column's bytes as the writers take them.</summary>
    public string ReadExpression
    {
        get
        {
            var name = SqlLiteral.QuoteIdentifier(Name);
            return FixedBinary == FixedBinaryKind.None ? name : $"CAST({name} AS BINARY({FixedBinaryText.Length(FixedBinary)}))";
        }
    }

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
        return new CopyColumn(column.Name, kind, column.IsBinary ? "binary" : column.CharacterSet, column.DataType is "enum" or "set", FixedBinaryText.KindOf(column.DataType));
    }
}
