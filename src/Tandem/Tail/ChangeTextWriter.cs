using System.Globalization;
using System.Text;
using Tandem.Core.Model;
using Tandem.Core.Text;
using Tandem.MySql.Protocol.Values;

namespace Tandem.Cli.Tail;

/// <summary>
/// One line per change for people: "position gtid insert db.t (a=1, b='x')", updates as "before -> after",
/// DDL as the statement. Values as SQL literals would show them. One change is always one line: names, values and
/// statements go through <see cref="PrintableText"/>, so a line break or an escape sequence in them is shown escaped.
/// </summary>
internal static class ChangeTextWriter
{
    public static string Format(Transaction transaction, Change change)
    {
        var line = new StringBuilder();
        line.Append(transaction.Position).Append(' ').Append(transaction.Gtid ?? "-").Append(' ');
        switch (change)
        {
            case RowChange row:
                line.Append(row.Kind switch { ChangeKind.Insert => "insert", ChangeKind.Update => "update", _ => "delete" })
                    .Append(' ').Append(PrintableText.Escape(row.Table.QualifiedName)).Append(' ');
                if (row.Before is { } before)
                    AppendRow(line, row.Table, before);
                if (row.Before is not null && row.After is not null)
                    line.Append(" -> ");
                if (row.After is { } after)
                    AppendRow(line, row.Table, after);
                break;
            case DdlChange ddl:
                line.Append("ddl ").Append(PrintableText.Escape(ddl.Database ?? "-")).Append(": ").Append(PrintableText.Escape(ddl.Statement.ReplaceLineEndings(" ")));
                break;
        }

        return line.ToString();
    }

    private static void AppendRow(StringBuilder line, TableSchema table, object?[] values)
    {
        line.Append('(');
        var first = true;
        for (var i = 0; i < values.Length && i < table.Columns.Count; i++)
        {
            if (ReferenceEquals(values[i], ColumnValue.Absent))
                continue;
            if (!first)
                line.Append(", ");
            first = false;
            line.Append(PrintableText.Escape(table.Columns[i].Name)).Append('=').Append(Literal(values[i]));
        }

        line.Append(')');
    }

    private static string Literal(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + PrintableText.Escape(s.Replace("'", "''", StringComparison.Ordinal)) + "'",
        byte[] b => "0x" + Convert.ToHexString(b),
        MySqlDateTime or MySqlTime => "'" + value + "'",
        MySqlGeometry g => $"ST_GeomFromWKB(0x{Convert.ToHexString(g.Wkb)}, {g.Srid})",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
