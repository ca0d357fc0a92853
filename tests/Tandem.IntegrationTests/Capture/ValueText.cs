using System.Globalization;
using System.Text;
using Tandem.Core.Model;
using Tandem.MySql.Protocol.Values;

namespace Tandem.IntegrationTests.Capture;

/// <summary>Values and changes as comparable text: exact for every type the decoders produce.</summary>
internal static class ValueText
{
    public static string Of(object? value) => value switch
    {
        null => "NULL",
        byte[] b => "0x" + Convert.ToHexString(b),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        MySqlGeometry g => $"geometry({g.Srid}, 0x{Convert.ToHexString(g.Wkb)})",
        _ when ReferenceEquals(value, ColumnValue.Absent) => "<absent>",
        _ => $"{value.GetType().Name}:{Convert.ToString(value, CultureInfo.InvariantCulture)}",
    };

    public static string Describe(Change change)
    {
        switch (change)
        {
            case RowChange row:
                var text = new StringBuilder($"{row.Kind} {row.Table.QualifiedName}");
                if (row.Before is { } before)
                    text.Append(" before ").Append(Row(row.Table, before));
                if (row.After is { } after)
                    text.Append(" after ").Append(Row(row.Table, after));
                return text.ToString();
            case DdlChange ddl:
                return $"DDL {ddl.Database}.{ddl.Table}: {ddl.Statement}";
            default:
                return change.ToString() ?? string.Empty;
        }
    }

    public static Dictionary<string, string> Named(TableSchema table, object?[] values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
            result[table.Columns[i].Name] = Of(values[i]);
        return result;
    }

    private static string Row(TableSchema table, object?[] values) =>
        "{" + string.Join(", ", Named(table, values).Select(static p => $"{p.Key}={p.Value}")) + "}";
}
