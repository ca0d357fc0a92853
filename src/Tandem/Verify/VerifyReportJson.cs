using System.Text.Json;
using Tandem.Core.Verify;

namespace Tandem.Cli.Verify;

/// <summary>
/// The <c>--json</c> report: one object with the verdict, the schema differences, and per table the rows only in the
/// source, only in the target and differing (with the columns that differ and both values), plus counts and timings.
/// </summary>
internal static class VerifyReportJson
{
    public static async Task WriteAsync(Stream output, VerifyReport report, string? fixSql, long fixedRows, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("result", report.Tables.Any(static t => t.Error is not null) ? "error" : report.IsEqual ? "equal" : "different");
        w.WriteString("source", report.Source);
        w.WriteString("target", report.Target);
        w.WriteString("mode", report.Mode);
        if (report.Position is not null)
            w.WriteString("position", report.Position);
        w.WriteStartArray("schema");
        foreach (var difference in report.Schema)
        {
            w.WriteStartObject();
            w.WriteString("table", difference.Table);
            w.WriteString("difference", difference.Description);
            w.WriteBoolean("data_compared", !difference.BlocksData);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("tables");
        foreach (var table in report.Tables)
            WriteTable(w, table);
        w.WriteEndArray();
        w.WriteStartObject("totals");
        w.WriteNumber("tables", report.Tables.Count);
        w.WriteNumber("rows", report.RowsCompared);
        w.WriteNumber("only_in_source", report.Tables.Sum(static t => t.Count(RowDifferenceKind.OnlyInSource)));
        w.WriteNumber("only_in_target", report.Tables.Sum(static t => t.Count(RowDifferenceKind.OnlyInTarget)));
        w.WriteNumber("differing", report.Tables.Sum(static t => t.Count(RowDifferenceKind.Differing)));
        w.WriteNumber("seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
        w.WriteNumber("rows_per_second", report.Elapsed.TotalSeconds > 0 ? Math.Round(report.RowsCompared / report.Elapsed.TotalSeconds) : 0);
        w.WriteNumber("source_queries", report.SourceQueries);
        w.WriteNumber("target_queries", report.TargetQueries);
        w.WriteEndObject();
        if (fixSql is not null)
            w.WriteString("fix_sql", fixSql);
        if (fixedRows > 0)
            w.WriteNumber("fixed_rows", fixedRows);
        w.WriteEndObject();
        await w.FlushAsync(ct);
    }

    private static void WriteTable(Utf8JsonWriter w, TableResult table)
    {
        w.WriteStartObject();
        w.WriteString("table", table.Table);
        w.WriteString("target_table", table.TargetTable);
        w.WriteString("result", table.Error is not null ? "error" : table.IsEqual ? "equal" : "different");
        if (table.Error is not null)
            w.WriteString("error", table.Error);
        w.WriteStartArray("key");
        foreach (var column in table.Key)
            w.WriteStringValue(column);
        w.WriteEndArray();
        w.WriteNumber("source_rows", table.SourceRows);
        w.WriteNumber("target_rows", table.TargetRows);
        w.WriteNumber("chunks", table.Chunks);
        w.WriteNumber("differing_chunks", table.DifferingChunks);
        w.WriteNumber("in_flight_rows", table.InFlightRows);
        w.WriteNumber("seconds", Math.Round(table.Elapsed.TotalSeconds, 3));
        WriteRows(w, "only_in_source", table, RowDifferenceKind.OnlyInSource);
        WriteRows(w, "only_in_target", table, RowDifferenceKind.OnlyInTarget);
        WriteRows(w, "differing", table, RowDifferenceKind.Differing);
        if (table.DroppedDifferences > 0)
            w.WriteNumber("more_differences", table.DroppedDifferences);
        if (table.Slices.Count > 0)
        {
            w.WriteStartArray("slices");
            foreach (var slice in table.Slices)
            {
                w.WriteStartObject();
                w.WriteString("from", slice.From.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("until", slice.Until.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteNumber("source_rows", slice.SourceRows);
                w.WriteNumber("target_rows", slice.TargetRows);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("warnings");
        foreach (var warning in table.Warnings)
            w.WriteStringValue(warning);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRows(Utf8JsonWriter w, string name, TableResult table, RowDifferenceKind kind)
    {
        w.WriteStartArray(name);
        foreach (var row in table.Differences.Where(d => d.Kind == kind))
        {
            w.WriteStartObject();
            w.WriteStartObject(table.Keyless ? "row" : "key");
            foreach (var value in row.Key)
                w.WriteString(value.Column, value.Text);
            w.WriteEndObject();
            if (table.Keyless)
            {
                w.WriteNumber("source_copies", row.SourceCopies);
                w.WriteNumber("target_copies", row.TargetCopies);
            }

            if (kind == RowDifferenceKind.Differing)
            {
                w.WriteStartArray("columns");
                foreach (var column in row.Columns)
                {
                    w.WriteStartObject();
                    w.WriteString("column", column.Column);
                    w.WriteString("source", column.Source);
                    w.WriteString("target", column.Target);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
