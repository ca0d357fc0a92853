using System.Text;
using Tandem.MySql.Schema;

namespace Tandem.MySql.Snapshot;

/// <summary>A text that differs whenever a catalog's tables differ in name, columns (name, type, nullability) or indexes.</summary>
internal static class SchemaFingerprint
{
    public static string Of(SchemaCatalog catalog)
    {
        var text = new StringBuilder();
        foreach (var table in catalog.Tables.OrderBy(static t => t.Database, StringComparer.Ordinal).ThenBy(static t => t.Name, StringComparer.Ordinal))
        {
            text.Append(table.Database).Append('.').Append(table.Name).Append('(');
            foreach (var column in table.Columns)
                text.Append(column.Name).Append(' ').Append(column.ColumnType).Append(column.Nullable ? " null" : " not null").Append(column.IsGenerated ? " gen" : string.Empty).Append(column.Collation).Append(',');
            foreach (var index in table.Indexes)
                text.Append(index.IsPrimary ? "P" : index.IsUnique ? "U" : "I").Append(index.Name).Append('[').AppendJoin(',', index.Columns).Append(']');
            text.Append(")\n");
        }

        return text.ToString();
    }
}
