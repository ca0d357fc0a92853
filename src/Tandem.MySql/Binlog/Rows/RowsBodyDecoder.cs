using Tandem.Core.Model;
using Tandem.MySql.Binlog.Json;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Binlog.Rows;

/// <summary>
/// Decodes the body of a rows event, from just after the post-header (and v2 extra data) to the end of the event minus its checksum:
/// the column count, the columns-present bitmap (two for updates), then row images until the body ends
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html).
/// Each image is a NULL bitmap over the present columns, then the values of the present non-NULL columns in column order.
/// Reading never leaves the body's span, and every row consumes bytes, so the number of rows is bounded by the body's size.
/// </summary>
internal static class RowsBodyDecoder
{
    /// <summary>PARTIAL_JSON_UPDATES, bit 0 of an after-image's value options (<c>enum_binlog_row_value_options</c>).</summary>
    private const ulong PartialJsonUpdates = 1;

    /// <summary>Decodes every row of the body.</summary>
    /// <param name="columns">The table's columns, resolved from its TABLE_MAP; the body must have exactly as many.</param>
    /// <exception cref="MySqlProtocolException">The body is malformed or does not match the columns; the message names the row and column.</exception>
    public static List<RowImages> Decode(ReadOnlySpan<byte> body, RowsEventKind kind, BinlogColumn[] columns)
    {
        var rows = new List<RowImages>();
        Decode(body, kind, columns, rows);
        return rows;
    }

    /// <summary>Decodes every row of the body into <paramref name="rows"/>, so a caller can reuse one list across events.</summary>
    public static void Decode(ReadOnlySpan<byte> body, RowsEventKind kind, BinlogColumn[] columns, List<RowImages> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var reader = new PayloadReader(body, "rows event body");
        var layout = ReadLayout(ref reader, kind, columns);
        var index = 0;
        while (!reader.AtEnd)
        {
            rows.Add(ReadRow(ref reader, kind, columns, layout, index++));
        }
    }

    /// <summary>Decodes rows one at a time, so a huge event never holds all its rows in memory at once.</summary>
    public static IEnumerable<RowImages> Enumerate(ReadOnlyMemory<byte> body, RowsEventKind kind, BinlogColumn[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var layout = ReadLayout(body.Span, kind, columns, out var offset);
        return EnumerateRows(body, kind, columns, layout, offset);
    }

    private static IEnumerable<RowImages> EnumerateRows(ReadOnlyMemory<byte> body, RowsEventKind kind, BinlogColumn[] columns, Layout layout, int offset)
    {
        var index = 0;
        while (offset < body.Length)
        {
            yield return ReadRowAt(body.Span, kind, columns, layout, index++, ref offset);
        }
    }

    private static Layout ReadLayout(ReadOnlySpan<byte> body, RowsEventKind kind, BinlogColumn[] columns, out int offset)
    {
        var reader = new PayloadReader(body, "rows event body");
        var layout = ReadLayout(ref reader, kind, columns);
        offset = reader.Offset;
        return layout;
    }

    private static RowImages ReadRowAt(ReadOnlySpan<byte> body, RowsEventKind kind, BinlogColumn[] columns, Layout layout, int index, ref int offset)
    {
        var reader = new PayloadReader(body, "rows event body") { Offset = offset };
        var row = ReadRow(ref reader, kind, columns, layout, index);
        offset = reader.Offset;
        return row;
    }

    private static Layout ReadLayout(ref PayloadReader reader, RowsEventKind kind, BinlogColumn[] columns)
    {
        if (kind is < RowsEventKind.Write or > RowsEventKind.PartialUpdate)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown rows event kind");
        }

        var start = reader.Offset;
        var count = reader.ReadLengthEncodedInteger();
        if (count != (ulong)columns.Length)
        {
            throw new MySqlProtocolException(
                $"malformed rows event body: it has {count} columns but its TABLE_MAP has {columns.Length} (at offset {start}); the table map and the rows event disagree");
        }

        var bitmapBytes = (columns.Length + 7) / 8;
        var first = reader.Offset;
        reader.Skip(bitmapBytes);
        var second = first;
        if (kind is RowsEventKind.Update or RowsEventKind.PartialUpdate)
        {
            second = reader.Offset;
            reader.Skip(bitmapBytes);
        }

        var jsonColumns = 0;
        foreach (var column in columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
            if (column.Type == ColumnType.Json)
            {
                jsonColumns++;
            }
        }

        var buffer = reader.Buffer;
        return new Layout(first, CountBits(buffer.Slice(first, bitmapBytes), columns.Length), second, CountBits(buffer.Slice(second, bitmapBytes), columns.Length), jsonColumns);
    }

    private static RowImages ReadRow(ref PayloadReader reader, RowsEventKind kind, BinlogColumn[] columns, Layout layout, int index)
    {
        var start = reader.Offset;
        var bitmapBytes = (columns.Length + 7) / 8;
        var firstPresent = reader.Buffer.Slice(layout.FirstBitmap, bitmapBytes);
        RowImages row;
        switch (kind)
        {
            case RowsEventKind.Write:
                row = new RowImages(null, ReadImage(ref reader, columns, firstPresent, layout.FirstCount, default, null, index, "after"));
                break;
            case RowsEventKind.Delete:
                row = new RowImages(ReadImage(ref reader, columns, firstPresent, layout.FirstCount, default, null, index, "before"), null);
                break;
            default:
                {
                    var before = ReadImage(ref reader, columns, firstPresent, layout.FirstCount, default, null, index, "before");
                    var partial = ReadOnlySpan<byte>.Empty;
                    if (kind == RowsEventKind.PartialUpdate)
                    {
                        var options = reader.ReadLengthEncodedInteger();
                        if ((options & PartialJsonUpdates) != 0)
                        {
                            partial = reader.ReadBytes((layout.JsonColumns + 7) / 8);
                        }
                    }

                    var afterPresent = reader.Buffer.Slice(layout.SecondBitmap, bitmapBytes);
                    row = new RowImages(before, ReadImage(ref reader, columns, afterPresent, layout.SecondCount, partial, before, index, "after"));
                    break;
                }
        }

        if (reader.Offset == start)
        {
            throw reader.Malformed("a row image, but the columns-present bitmap is empty and bytes remain", start);
        }

        return row;
    }

    /// <param name="partial">The partial JSON bitmap (one bit per JSON column of the table), empty when there is none.</param>
    /// <param name="before">The row's before-image, which partial JSON diffs apply to.</param>
    private static object?[] ReadImage(ref PayloadReader reader, BinlogColumn[] columns, ReadOnlySpan<byte> present, int presentCount,
        ReadOnlySpan<byte> partial, object?[]? before, int rowIndex, string image)
    {
        var nulls = reader.ReadBytes((presentCount + 7) / 8);
        var values = new object?[columns.Length];
        var presentIndex = 0;
        var jsonIndex = -1;
        var i = 0;
        try
        {
            for (; i < columns.Length; i++)
            {
                var column = columns[i];
                var isJson = column.Type == ColumnType.Json;
                if (isJson)
                {
                    jsonIndex++;
                }

                if (!IsSet(present, i))
                {
                    values[i] = ColumnValue.Absent;
                }
                else if (IsSet(nulls, presentIndex++))
                {
                    values[i] = null;
                }
                else if (isJson && IsSet(partial, jsonIndex))
                {
                    values[i] = ApplyJsonDiffs(ref reader, column, before?[i]);
                }
                else
                {
                    values[i] = RowValueDecoder.Decode(ref reader, column);
                }
            }
        }
        catch (MySqlProtocolException ex)
        {
            var name = columns[i].Name is { } n ? $" '{n}'" : string.Empty;
            throw new MySqlProtocolException($"rows event row {rowIndex} {image}-image, column {i}{name} ({columns[i].Type}): {ex.Message}", ex);
        }

        return values;
    }

    private static string ApplyJsonDiffs(ref PayloadReader reader, BinlogColumn column, object? before)
    {
        var diffs = RowValueDecoder.ReadLengthPrefixed(ref reader, column.Metadata, "partial JSON");
        return before is string json
            ? JsonDiffApplier.Apply(json, diffs)
            : throw new MySqlProtocolException(
                $"a partial JSON update needs the column's before-image value, but it is {(before is null ? "NULL" : "absent")}");
    }

    private static bool IsSet(ReadOnlySpan<byte> bitmap, int bit) =>
        (bit >> 3) < bitmap.Length && (bitmap[bit >> 3] & (1 << (bit & 7))) != 0;

    private static int CountBits(ReadOnlySpan<byte> bitmap, int bits)
    {
        var count = 0;
        for (var i = 0; i < bits; i++)
        {
            if ((bitmap[i >> 3] & (1 << (i & 7))) != 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Where the columns-present bitmaps are in the body, how many columns each marks, and how many JSON columns the table has.</summary>
    private readonly record struct Layout(int FirstBitmap, int FirstCount, int SecondBitmap, int SecondCount, int JsonColumns);
}
