using System.Globalization;
using Spectre.Console;
using Tandem.Core.Text;
using Tandem.Core.Verify;

namespace Tandem.Cli.Verify;

/// <summary>
/// The human report: schema differences first, then a summary table per table, then the rows that differ. Names and
/// values come from the servers, so every line goes out through <see cref="PrintableText"/> (one line stays one line).
/// </summary>
internal static class VerifyReportText
{
    private const int RowsShown = 20;

    public static void Write(IAnsiConsole console, VerifyReport report)
    {
        if (report.Schema.Count > 0)
        {
            console.MarkupLine("[bold]Schema differences[/]");
            foreach (var difference in report.Schema)
                console.WriteLine(PrintableText.Escape($"  {difference.Table}: {difference.Description}"));
            console.WriteLine();
        }

        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in new[] { "table", "rows (source)", "rows (target)", "only in source", "only in target", "differing", "chunks", "time", "result" })
            table.AddColumn(new TableColumn(header));
        foreach (var result in report.Tables)
        {
            table.AddRow(
                Markup.Escape(PrintableText.Escape(result.Table == result.TargetTable ? result.Table : $"{result.Table} -> {result.TargetTable}")),
                Number(result.SourceRows),
                Number(result.TargetRows),
                Number(result.Count(RowDifferenceKind.OnlyInSource)),
                Number(result.Count(RowDifferenceKind.OnlyInTarget)),
                Number(result.Count(RowDifferenceKind.Differing)),
                Number(result.Chunks),
                $"{result.Elapsed.TotalSeconds:0.0}s",
                result.Error is not null ? "[red]error[/]" : result.IsEqual ? "[green]equal[/]" : "[yellow]different[/]");
        }

        console.Write(table);
        foreach (var result in report.Tables)
            WriteDetails(console, result);

        var rate = report.Elapsed.TotalSeconds > 0 ? report.RowsCompared / report.Elapsed.TotalSeconds : 0;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(report.IsEqual ? "equal" : "DIFFERENT")}: {report.Tables.Count} tables, {report.RowsCompared:N0} rows compared in {report.Elapsed.TotalSeconds:0.0}s ({rate:N0} rows/s; mode {report.Mode}{(report.Position is null ? "" : " at " + report.Position)}; {report.SourceQueries} source and {report.TargetQueries} target queries)"));
    }

    private static void WriteDetails(IAnsiConsole console, TableResult result)
    {
        if (result.Error is not null)
            console.WriteLine(PrintableText.Escape($"{result.Table}: error: {result.Error}"));
        foreach (var warning in result.Warnings)
            console.WriteLine(PrintableText.Escape($"{result.Table}: warning: {warning}"));
        foreach (var slice in result.Slices)
        {
            console.WriteLine(PrintableText.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{result.Table}: slice [{slice.From:yyyy-MM-dd HH:mm:ss}, {slice.Until:yyyy-MM-dd HH:mm:ss}) differs ({slice.SourceRows} rows on the source, {slice.TargetRows} on the target)")));
        }

        foreach (var row in result.Differences.Take(RowsShown))
            console.WriteLine(PrintableText.Escape($"{result.Table}: {Describe(result, row)}"));
        var more = result.Differences.Count - RowsShown + result.DroppedDifferences;
        if (more > 0)
            console.WriteLine(PrintableText.Escape($"{result.Table}: ... and {more} more (all of them with --json)"));
    }

    private static string Describe(TableResult table, RowDifference row)
    {
        var key = string.Join(", ", row.Key.Select(static v => $"{v.Column}={v.Text ?? "NULL"}"));
        return row.Kind switch
        {
            RowDifferenceKind.OnlyInSource when table.Keyless => $"row ({key}): {row.SourceCopies} copies on the source, {row.TargetCopies} on the target",
            RowDifferenceKind.OnlyInTarget when table.Keyless => $"row ({key}): {row.SourceCopies} copies on the source, {row.TargetCopies} on the target",
            RowDifferenceKind.OnlyInSource => $"only in the source: {key}",
            RowDifferenceKind.OnlyInTarget => $"only in the target: {key}",
            _ => $"differs at {key}: " + string.Join("; ", row.Columns.Select(static c => $"{c.Column} {Quote(c.Source)} vs {Quote(c.Target)}")),
        };
    }

    private static string Quote(string? value) => value is null ? "NULL" : $"'{value}'";

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
