using System.Text;
using Tandem.Core.Model;

namespace Tandem.MySql.Schema;

/// <summary>A database's tables as text, one line per column and key: for logs, and so a test mismatch reads as a diff.</summary>
internal static class SchemaDescription
{
    public static string Describe(SchemaCatalog catalog, string database)
    {
        var text = new StringBuilder();
        foreach (var table in catalog.Tables.Where(t => t.Database == database).OrderBy(static t => t.Name, StringComparer.Ordinal))
        {
            var defaults = catalog.TableDefaults(table.Database, table.Name);
            text.Append("table ").Append(table.Name).Append(" default ").Append(defaults?.Collation).AppendLine();
            foreach (var c in table.Columns)
            {
                text.Append("  ").Append(c.Name).Append(' ').Append(c.DataType).Append(" '").Append(c.ColumnType).Append('\'')
                    .Append(c.Unsigned ? " unsigned" : "").Append(c.Nullable ? " null" : " not-null")
                    .Append(c.Length is { } l ? $" len={l}" : "").Append(c.Precision is { } p ? $" p={p}" : "")
                    .Append(c.Scale is { } s ? $" s={s}" : "").Append(c.FractionDigits is { } f ? $" fsp={f}" : "")
                    .Append(c.CharacterSet is { } cs ? $" {cs}/{c.Collation}" : "")
                    .Append(c.Values.Count > 0 ? " [" + string.Join("|", c.Values) + "]" : "")
                    .Append(c.IsJson ? " json" : "").Append(c.IsGenerated ? " generated" : "").AppendLine();
            }

            foreach (var index in table.Indexes.OrderBy(static i => i.Name, StringComparer.Ordinal))
            {
                text.Append("  key ").Append(index.Name).Append(index.IsPrimary ? " primary" : index.IsUnique ? " unique" : "")
                    .Append(" (").AppendJoin(",", index.Columns.Select((c, i) => index.PrefixOf(i) is var p and > 0 ? $"{c}({p})" : c)).Append(')').AppendLine();
            }
        }

        return text.ToString();
    }
}
