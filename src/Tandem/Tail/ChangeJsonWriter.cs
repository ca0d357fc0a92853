using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tandem.Core.Model;
using Tandem.Core.Text;
using Tandem.MySql.Protocol.Values;

namespace Tandem.Cli.Tail;

/// <summary>
/// Writes one change as one JSON line: {"db","table","type","position","gtid","ts","before","after"}, or for a DDL
/// {"db","table","type":"ddl","position","gtid","ts","statement"}. Values are exact: integers and DECIMAL as JSON
/// numbers with every digit, BIT as an integer, dates and times in the server's text form, JSON columns as JSON,
/// binary strings as {"base64": "..."}, spatial values as {"srid": n, "base64": WKB}, NULL as null. "before" is null
/// for inserts and "after" for deletes; columns a minimal row image left out are omitted. The encoder escapes control
/// characters; the characters it leaves raw that could still break or reorder a line on a terminal (the Unicode line
/// separators, NEL and the bidirectional controls, <see cref="PrintableText.IsUnsafe"/>) are written as \u escapes too.
/// </summary>
internal sealed class ChangeJsonWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;

    public ChangeJsonWriter()
    {
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public string Format(Transaction transaction, Change change)
    {
        _buffer.Clear();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        switch (change)
        {
            case RowChange row:
                _json.WriteString("db", row.Table.Database);
                _json.WriteString("table", row.Table.Name);
                _json.WriteString("type", row.Kind switch { ChangeKind.Insert => "insert", ChangeKind.Update => "update", _ => "delete" });
                WriteEnvelope(transaction);
                WriteRow("before", row.Table, row.Before);
                WriteRow("after", row.Table, row.After);
                break;
            case DdlChange ddl:
                WriteNullable("db", ddl.Database);
                WriteNullable("table", ddl.Table);
                _json.WriteString("type", "ddl");
                WriteEnvelope(transaction);
                _json.WriteString("statement", ddl.Statement);
                break;
        }

        _json.WriteEndObject();
        _json.Flush();
        var line = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        return PrintableText.NeedsEscape(line) ? EscapeUnsafe(line) : line;
    }

    private void WriteEnvelope(Transaction transaction)
    {
        _json.WriteString("position", transaction.Position.ToString());
        WriteNullable("gtid", transaction.Gtid);
        _json.WriteNumber("ts", transaction.CommitTime.ToUnixTimeSeconds());
    }

    private void WriteNullable(string name, string? value)
    {
        if (value is null)
            _json.WriteNull(name);
        else
            _json.WriteString(name, value);
    }

    private void WriteRow(string name, TableSchema table, object?[]? values)
    {
        if (values is null)
        {
            _json.WriteNull(name);
            return;
        }

        _json.WriteStartObject(name);
        for (var i = 0; i < values.Length && i < table.Columns.Count; i++)
        {
            var value = values[i];
            if (ReferenceEquals(value, ColumnValue.Absent))
                continue;
            _json.WritePropertyName(table.Columns[i].Name);
            WriteValue(table.Columns[i], value);
        }

        _json.WriteEndObject();
    }

    private void WriteValue(ColumnSchema column, object? value)
    {
        switch (value)
        {
            case null: _json.WriteNullValue(); break;
            case long v: _json.WriteNumberValue(v); break;
            case ulong v: _json.WriteNumberValue(v); break;
            case int v: _json.WriteNumberValue(v); break;
            case float v: _json.WriteRawValue(v.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true); break;
            case double v: _json.WriteRawValue(v.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true); break;
            case MySqlDecimal v: _json.WriteRawValue(v.ToString(), skipInputValidation: true); break;
            case MySqlDateTime v: _json.WriteStringValue(v.ToString()); break;
            case MySqlTime v: _json.WriteStringValue(v.ToString()); break;
            case byte[] v:
                _json.WriteStartObject();
                _json.WriteBase64String("base64", v);
                _json.WriteEndObject();
                break;
            case MySqlGeometry v:
                _json.WriteStartObject();
                _json.WriteNumber("srid", v.Srid);
                _json.WriteBase64String("base64", v.Wkb);
                _json.WriteEndObject();
                break;
            case string v when column.IsJson:
                WriteJsonText(v);
                break;
            case string v: _json.WriteStringValue(v); break;
            default: _json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>
    /// The line with every <see cref="PrintableText.IsUnsafe"/> character as a JSON \u escape. Outside strings JSON text is
    /// ASCII, so each such character is inside a string, where the escape means the same character.
    /// </summary>
    private static string EscapeUnsafe(string line)
    {
        var escaped = new StringBuilder(line.Length + 16);
        foreach (var c in line)
        {
            if (PrintableText.IsUnsafe(c))
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                escaped.Append(c);
        }

        return escaped.ToString();
    }

    private void WriteJsonText(string text)
    {
        try
        {
            // In valid JSON a tab or line break can only be whitespace between tokens (inside a string it must be
            // escaped), so spaces keep the value and keep the change on one line.
            _json.WriteRawValue(text.AsSpan().IndexOfAny('\n', '\r', '\t') < 0 ? text : text.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' '));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // Text a MariaDB JSON column held without a json_valid check: keep it as a string rather than lose it.
            _json.WriteStringValue(text);
        }
    }
}
