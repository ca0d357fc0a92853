using System.Text;
using Tandem.Core.Model;
using Tandem.Core.Replication;
using Tandem.Core.Replication.Folding;
using Tandem.Core.Tasks;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Sink;

/// <summary>One source table version as the sink writes it: target name, keys and the fixed parts of its statements.</summary>
internal sealed class SinkTable
{
    private readonly int[] _enumColumns;

    private SinkTable(TableSchema table, string targetDatabase, string targetTable, IReadOnlySet<string>? targetColumns, Func<ColumnSchema, IKeyTextFold?> textFold)
    {
        Schema = table;
        TargetDatabase = targetDatabase;
        TargetTable = targetTable;
        TargetName = $"{targetDatabase}.{targetTable}";
        Keys = new TableKeys(table, TargetName, textFold);
        QuotedName = $"{SqlLiteral.QuoteIdentifier(targetDatabase)}.{SqlLiteral.QuoteIdentifier(targetTable)}";
        Writable = [.. Enumerable.Range(0, table.Columns.Count).Where(i => !table.Columns[i].IsGenerated && (targetColumns is null || targetColumns.Contains(table.Columns[i].Name)))];
        _enumColumns = [.. Writable.Where(i => table.Columns[i].DataType == "enum")];
        ColumnList = string.Join(", ", Writable.Select(i => SqlLiteral.QuoteIdentifier(table.Columns[i].Name)));
        if (Keys.MatchingKey is { } key)
        {
            KeyColumns = [.. key.Select(i => SqlLiteral.QuoteIdentifier(table.Columns[i].Name))];
            var assignments = Writable.Where(i => !key.Contains(i)).Select(i => SqlLiteral.QuoteIdentifier(table.Columns[i].Name)).ToList();
            if (assignments.Count == 0)
                assignments.Add(KeyColumns[0]);
            UpdateClause = " ON DUPLICATE KEY UPDATE " + string.Join(", ", assignments.Select(static c => $"{c} = VALUES({c})"));
        }
        else
        {
            KeyColumns = [];
            UpdateClause = string.Empty;
        }
    }

    public TableSchema Schema { get; }

    /// <summary>True when the row holds the empty error value in an ENUM column (see <see cref="SinkConnection.RelaxedMode"/>).</summary>
    public bool HasEnumErrorValue(object?[] row)
    {
        foreach (var i in _enumColumns)
        {
            if (row[i] is string { Length: 0 })
                return true;
        }

        return false;
    }

    public TableKeys Keys { get; }

    /// <summary>db.table on the target, unquoted, for messages (names may hold dots: never split it).</summary>
    public string TargetName { get; }

    public string TargetDatabase { get; }

    public string TargetTable { get; }

    public string QuotedName { get; }

    /// <summary>Positions of the columns written (generated columns are computed by the server and never written).</summary>
    public int[] Writable { get; }

    public string ColumnList { get; }

    public string[] KeyColumns { get; }

    /// <summary>No primary or unique NOT NULL key: rows are matched on all their columns, one statement per change.</summary>
    public bool FullRowMatch => Keys.MatchingKey is null;

    /// <summary>
    /// REPLACE when the table has unique keys besides the matching key: a row holding one of the new row's unique values is
    /// stale (the source moved that value away from it), and REPLACE removes it where ON DUPLICATE KEY UPDATE would fail
    /// or update the wrong row.
    /// </summary>
    public bool UseReplace => Keys.HasOtherUniqueKeys;

    /// <summary>" ON DUPLICATE KEY UPDATE c = VALUES(c), ..." for the non-key columns.</summary>
    public string UpdateClause { get; }

    /// <param name="textFold">How the key columns' text compares on the target (see <see cref="TableKeys"/>).</param>
    /// <param name="targetColumns">
    /// Partial-column mode: the target table's columns (case-insensitive). Source columns it lacks are not written; its
    /// own extra columns keep their defaults. Null writes every source column.
    /// </param>
    public static SinkTable Create(TableSchema table, TableRouter router, Func<ColumnSchema, IKeyTextFold?> textFold, IReadOnlySet<string>? targetColumns = null)
    {
        var (database, name) = router.Map(table.Database, table.Name);
        return new SinkTable(table, database, name, targetColumns, textFold);
    }

    /// <summary>The target database and table a source table is written to.</summary>
    public static (string Database, string Table) TargetOf(TableSchema table, TableRouter router) => router.Map(table.Database, table.Name);

    /// <summary>A value longer than this many literal characters goes as a placeholder in a statement built for long data.</summary>
    public const int LongValueChars = 4096;

    public void AppendValues(StringBuilder sql, object?[] row) => AppendValues(sql, row, null);

    /// <summary>
    /// The row's VALUES tuple; with <paramref name="longValues"/>, each byte, text or spatial value longer than
    /// <see cref="LongValueChars"/> is a <c>?</c> placeholder (spatial: <c>ST_GeomFromWKB(?, srid)</c>) and its value is
    /// added to the list, to be sent as long data.
    /// </summary>
    public void AppendValues(StringBuilder sql, object?[] row, List<object>? longValues)
    {
        sql.Append('(');
        for (var i = 0; i < Writable.Length; i++)
        {
            if (i > 0)
                sql.Append(", ");
            AppendValue(sql, row[Writable[i]], longValues);
        }

        sql.Append(')');
    }

    /// <summary>About how many characters the row's written values take as SQL literals (hex doubles bytes, quoting may double text).</summary>
    public long LiteralChars(object?[] row)
    {
        long chars = 0;
        foreach (var i in Writable)
            chars += LiteralChars(row[i]);
        return chars;
    }

    /// <summary>The written column whose value is largest, with that value's size in bytes (as sent, and as the source stores it).</summary>
    public (string Column, long SentBytes, long SourceBytes) LargestValue(object?[] row)
    {
        (string Column, long Sent, long Source) largest = (string.Empty, -1, -1);
        foreach (var i in Writable)
        {
            var column = Schema.Columns[i];
            var (sent, source) = row[i] switch
            {
                byte[] b => (b.Length, b.Length),
                string t => ((long)Encoding.UTF8.GetByteCount(t), (long)(CharsetEncodings.ForName(column.CharacterSet ?? "utf8mb4") ?? Encoding.UTF8).GetByteCount(t)),
                MySqlGeometry g => (g.Wkb.Length, 4L + g.Wkb.Length),
                _ => (0L, 0L),
            };
            if (sent > largest.Sent)
                largest = (column.Name, sent, source);
        }

        return largest;
    }

    /// <summary>The row's matching key as <c>col=value, ...</c> for messages (each value cut short).</summary>
    public string DescribeKey(object?[] row)
    {
        var ordinals = Keys.MatchingKey ?? Writable;
        return string.Join(", ", ordinals.Take(8).Select(i =>
        {
            var literal = SqlLiteral.Format(row[i] is byte[] { Length: > 32 } b ? b[..32] : row[i] is string { Length: > 64 } t ? t[..64] : row[i]);
            return $"{Schema.Columns[i].Name}={literal}";
        }));
    }

    private static long LiteralChars(object? value) => value switch
    {
        byte[] b => (2L * b.Length) + 3,
        string s => (2L * s.Length) + 2,
        MySqlGeometry g => (2L * g.Wkb.Length) + 40,
        _ => 48,
    };

    private static void AppendValue(StringBuilder sql, object? value, List<object>? longValues)
    {
        if (longValues is not null && LiteralChars(value) > LongValueChars)
        {
            switch (value)
            {
                case byte[] or string:
                    sql.Append('?');
                    longValues.Add(value);
                    return;
                case MySqlGeometry g:
                    sql.Append("ST_GeomFromWKB(?, ").Append(g.Srid.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(')');
                    longValues.Add(g.Wkb);
                    return;
            }
        }

        sql.Append(SqlLiteral.Format(value));
    }

    /// <summary>"k1 = v1 AND k2 = v2" for a key's values (never NULL: matching keys are NOT NULL).</summary>
    public void AppendKeyMatch(StringBuilder sql, object?[] key)
    {
        if (KeyColumns.Length == 1)
        {
            sql.Append(SqlLiteral.Format(key[0]));
            return;
        }

        sql.Append('(');
        for (var i = 0; i < KeyColumns.Length; i++)
        {
            if (i > 0)
                sql.Append(" AND ");
            sql.Append(KeyColumns[i]).Append(" = ").Append(SqlLiteral.Format(key[i]));
        }

        sql.Append(')');
    }

    /// <summary>
    /// A statement deleting one row equal to <paramref name="row"/> on every written column (NULL-safe); with
    /// <paramref name="longValues"/>, long values are placeholders as in <see cref="AppendValues(StringBuilder, object?[], List{object}?)"/>.
    /// </summary>
    public string DeleteOneMatching(object?[] row, List<object>? longValues = null)
    {
        var sql = new StringBuilder("DELETE FROM ").Append(QuotedName).Append(" WHERE ");
        for (var i = 0; i < Writable.Length; i++)
        {
            if (i > 0)
                sql.Append(" AND ");
            sql.Append(SqlLiteral.QuoteIdentifier(Schema.Columns[Writable[i]].Name)).Append(" <=> ");
            AppendValue(sql, row[Writable[i]], longValues);
        }

        return sql.Append(" LIMIT 1").ToString();
    }

    public override string ToString() => TargetName;
}
