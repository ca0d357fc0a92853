using System.Text;
using Tandem.Core.Model;
using Tandem.Core.Replication;

namespace Tandem.MySql.Sink;

/// <summary>
/// Turns row changes into the statements of one target transaction: changes of a keyed table are merged into their
/// final state per key and written as one DELETE of the keys that end deleted and one multi-row upsert of the rows that
/// end present; changes of a table matched on all columns are written one statement each, in order. Statements are
/// packed into <see cref="SqlChunk"/>s no larger than the target accepts in one packet. A row too large for that (its
/// literals over half a chunk) is written alone by a prepared statement whose large values go as long data, in pieces
/// below max_allowed_packet; a value larger than max_allowed_packet itself fails the batch with <see cref="RowTooLargeException"/>.
/// </summary>
internal sealed class BatchBuilder
{
    private readonly long _maxPacketBytes;
    private readonly int _maxChunkChars;
    private readonly int _pieceBytes;
    private readonly Dictionary<SinkTable, RowMerger> _mergers = new(ReferenceEqualityComparer.Instance);
    private readonly List<SinkTable> _mergeOrder = [];
    private readonly List<SqlChunk> _ready = [];
    private readonly List<string> _tables = [];
    private StringBuilder _chunk = new();
    private int _merged;
    private long _mergedChars;

    /// <param name="maxPacketBytes">The target's max_allowed_packet.</param>
    public BatchBuilder(long maxPacketBytes)
    {
        _maxPacketBytes = maxPacketBytes;
        _maxChunkChars = MaxChunkChars(maxPacketBytes);
        // Long data goes in pieces well inside one packet (the header and the piece must fit max_allowed_packet).
        _pieceBytes = (int)Math.Clamp((maxPacketBytes - 1024) / 2, 512, 4L << 20);
    }

    /// <summary>The source positions of what is being built, for an error that names them.</summary>
    public string Where { get; set; } = string.Empty;

    /// <summary>The longest SQL text (in chars) one packet of <paramref name="maxPacketBytes"/> surely holds.</summary>
    public static int MaxChunkChars(long maxPacketBytes) =>
        // Characters become up to 3 bytes of UTF-8 (4 only for surrogate pairs, 2 chars); keep a margin for the header.
        (int)Math.Clamp((maxPacketBytes - 1024) / 3, 4096, 16L << 20);

    /// <summary>Row changes held in mergers, not yet turned into statements.</summary>
    public int MergedRows => _merged;

    /// <summary>About how many characters of SQL literals the merged row changes hold (an upper bound).</summary>
    public long MergedChars => _mergedChars;

    /// <summary>Chunks complete and ready to send; take them with <see cref="TakeReady"/>.</summary>
    public bool HasReady => _ready.Count > 0;

    public void Reset()
    {
        foreach (var merger in _mergers.Values)
            merger.Clear();
        _mergeOrder.Clear();
        _mergers.Clear();
        _ready.Clear();
        _tables.Clear();
        _chunk.Clear();
        _merged = 0;
        _mergedChars = 0;
    }

    public void Begin() => AddStatement("BEGIN", "BEGIN");

    /// <summary>Writes what is merged, then COMMIT, and seals the last chunk.</summary>
    public void Commit()
    {
        FlushMerged();
        AddStatement("COMMIT", "COMMIT");
        Seal();
    }

    public void Add(SinkTable table, RowChange change)
    {
        if (table.FullRowMatch)
        {
            if (change.Before is not null)
            {
                if (IsLarge(table, change.Before))
                    AddLong(table, change.Before, static (t, row, values) => t.DeleteOneMatching(row, values), relaxed: false);
                else
                    AddStatement(table.DeleteOneMatching(change.Before), table.TargetName);
            }

            if (change.After is not null)
            {
                var relaxed = table.HasEnumErrorValue(change.After);
                if (IsLarge(table, change.After))
                {
                    AddLong(table, change.After, static (t, row, values) => Insert(t, "INSERT INTO ", row, values), relaxed);
                }
                else
                {
                    AddWrite(Insert(table, "INSERT INTO ", change.After, null), table.TargetName, relaxed);
                }
            }

            return;
        }

        if (!_mergers.TryGetValue(table, out var merger))
        {
            merger = new RowMerger(table.Keys);
            _mergers.Add(table, merger);
            _mergeOrder.Add(table);
        }

        // Source tables routed into one target table share its keys: what another of them merged goes first, in order.
        foreach (var other in _mergeOrder)
        {
            if (!ReferenceEquals(other, table) && other.TargetName == table.TargetName && _mergers[other].Count > 0)
                Flush(other, _mergers[other]);
        }

        if (!merger.TryAdd(change))
        {
            // Keys the collation may equate but the merger cannot: write the merged state first, keeping order.
            Flush(table, merger);
            merger.TryAdd(change);
        }

        _merged++;
        _mergedChars += table.LiteralChars(change.After ?? change.Before!);
    }

    /// <summary>Adds a statement that must run at this point (DDL, the checkpoint).</summary>
    public void AddStatement(string sql, string table)
    {
        if (_chunk.Length > 0 && _chunk.Length + sql.Length > _maxChunkChars)
            Seal();
        if (_chunk.Length > 0)
            _chunk.Append(";\n");
        _chunk.Append(sql);
        _tables.Add(table);
    }

    /// <summary>Turns every merged table into statements.</summary>
    public void FlushMerged()
    {
        foreach (var table in _mergeOrder)
            Flush(table, _mergers[table]);
        _merged = 0;
        _mergedChars = 0;
    }

    /// <summary>Seals the chunk being filled, so everything added so far can be sent.</summary>
    public void Seal()
    {
        if (_chunk.Length == 0)
            return;
        _ready.Add(new SqlChunk(_chunk.ToString(), [.. _tables]));
        _chunk = new StringBuilder();
        _tables.Clear();
    }

    public List<SqlChunk> TakeReady()
    {
        var ready = new List<SqlChunk>(_ready);
        _ready.Clear();
        return ready;
    }

    private void Flush(SinkTable table, RowMerger merger)
    {
        if (merger.Count == 0)
            return;
        var statement = new StringBuilder();
        var open = false;
        foreach (var key in merger.DeletedKeys)
        {
            if (!open)
            {
                statement.Append("DELETE FROM ").Append(table.QuotedName).Append(" WHERE ");
                statement.Append(table.KeyColumns.Length == 1 ? $"{table.KeyColumns[0]} IN (" : string.Empty);
                open = true;
            }
            else
            {
                statement.Append(table.KeyColumns.Length == 1 ? ", " : " OR ");
            }

            table.AppendKeyMatch(statement, key);
            if (statement.Length > _maxChunkChars / 2)
            {
                EndDelete(table, statement);
                open = false;
            }
        }

        if (open)
            EndDelete(table, statement);

        var prefix = (table.UseReplace ? "REPLACE INTO " : "INSERT INTO ") + table.QuotedName + " (" + table.ColumnList + ") VALUES ";
        open = false;
        var relaxed = false;
        foreach (var row in merger.Rows)
        {
            if (IsLarge(table, row))
            {
                if (open)
                    EndUpsert(table, statement, relaxed);
                (open, relaxed) = (false, false);
                AddLong(table, row, static (t, r, values) => Upsert(t, r, values), table.HasEnumErrorValue(row));
                continue;
            }

            if (!open)
            {
                statement.Append(prefix);
                open = true;
            }
            else
            {
                statement.Append(", ");
            }

            table.AppendValues(statement, row);
            relaxed |= table.HasEnumErrorValue(row);
            if (statement.Length > _maxChunkChars / 2)
            {
                EndUpsert(table, statement, relaxed);
                open = false;
                relaxed = false;
            }
        }

        if (open)
            EndUpsert(table, statement, relaxed);
        merger.Clear();
    }

    private void EndDelete(SinkTable table, StringBuilder statement)
    {
        if (table.KeyColumns.Length == 1)
            statement.Append(')');
        AddStatement(statement.ToString(), table.TargetName);
        statement.Clear();
    }

    private void EndUpsert(SinkTable table, StringBuilder statement, bool relaxed)
    {
        if (!table.UseReplace)
            statement.Append(table.UpdateClause);
        AddWrite(statement.ToString(), table.TargetName, relaxed);
        statement.Clear();
    }

    /// <summary>Whether the row's literals would take over half a chunk: it is then written alone, its large values as long data.</summary>
    private bool IsLarge(SinkTable table, object?[] row) => table.LiteralChars(row) > _maxChunkChars / 2;

    /// <summary>
    /// A large row's statement, alone in its chunk, with its long values as placeholders; fails when one value is larger
    /// than max_allowed_packet, which the target refuses however it is sent.
    /// </summary>
    private void AddLong(SinkTable table, object?[] row, Func<SinkTable, object?[], List<object>, string> statement, bool relaxed)
    {
        var (column, sent, source) = table.LargestValue(row);
        if (sent > _maxPacketBytes)
            throw new RowTooLargeException(table.TargetName, table.DescribeKey(row), column, sent, source, _maxPacketBytes, Where);
        var values = new List<object>();
        var sql = statement(table, row, values);
        if (relaxed)
            AddStatement($"SET SESSION sql_mode = '{SinkConnection.RelaxedMode}'", table.TargetName);
        Seal();
        _ready.Add(new SqlChunk(sql, [table.TargetName]) { LongValues = values, PieceBytes = _pieceBytes });
        if (relaxed)
            AddStatement($"SET SESSION sql_mode = '{SinkConnection.StrictMode}'", table.TargetName);
    }

    private static string Insert(SinkTable table, string verb, object?[] row, List<object>? longValues)
    {
        var insert = new StringBuilder(verb).Append(table.QuotedName).Append(" (").Append(table.ColumnList).Append(") VALUES ");
        table.AppendValues(insert, row, longValues);
        return insert.ToString();
    }

    private static string Upsert(SinkTable table, object?[] row, List<object> longValues) =>
        table.UseReplace ? Insert(table, "REPLACE INTO ", row, longValues) : Insert(table, "INSERT INTO ", row, longValues) + table.UpdateClause;

    private void AddWrite(string sql, string table, bool relaxed)
    {
        if (relaxed)
            AddStatement($"SET SESSION sql_mode = '{SinkConnection.RelaxedMode}'", table);
        AddStatement(sql, table);
        if (relaxed)
            AddStatement($"SET SESSION sql_mode = '{SinkConnection.StrictMode}'", table);
    }
}
