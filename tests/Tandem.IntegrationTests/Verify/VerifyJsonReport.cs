using System.Text.Json;

namespace Tandem.IntegrationTests.Verify;

/// <summary>The parts of <c>tandem verify --json</c> the tests check, read into plain values.</summary>
internal sealed class VerifyJsonReport
{
    public required string Result { get; init; }

    /// <summary>The report's top-level properties in the order written.</summary>
    public required IReadOnlyList<string> Sections { get; init; }

    public required IReadOnlyList<(string Table, string Difference, bool DataCompared)> Schema { get; init; }

    public required IReadOnlyDictionary<string, TableSummary> Tables { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Both sides' values of each differing column, by table, row and column.</summary>
    public required IReadOnlyDictionary<(string Table, string Row, string Column), (string? Source, string? Target)> Values { get; init; }

    public required long SourceQueries { get; init; }

    public required long TargetQueries { get; init; }

    public long FixedRows { get; init; }

    public static VerifyJsonReport Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var tables = new Dictionary<string, TableSummary>(StringComparer.Ordinal);
        var findings = new List<Finding>();
        var values = new Dictionary<(string, string, string), (string?, string?)>();
        foreach (var table in root.GetProperty("tables").EnumerateArray())
        {
            var name = table.GetProperty("table").GetString()!;
            var keyless = table.GetProperty("key").GetArrayLength() == 0;
            tables[name] = new TableSummary(
                table.GetProperty("result").GetString()!,
                table.GetProperty("source_rows").GetInt64(),
                table.GetProperty("target_rows").GetInt64(),
                table.GetProperty("chunks").GetInt32(),
                table.GetProperty("differing_chunks").GetInt32(),
                table.TryGetProperty("slices", out var slices)
                    ? [.. slices.EnumerateArray().Select(static s => new SliceSummary(
                        s.GetProperty("from").GetString()!, s.GetProperty("until").GetString()!, s.GetProperty("source_rows").GetInt64(), s.GetProperty("target_rows").GetInt64()))]
                    : []);
            foreach (var kind in new[] { Finding.OnlyInSource, Finding.OnlyInTarget, Finding.Differing })
            {
                foreach (var row in table.GetProperty(kind).EnumerateArray())
                {
                    var identity = string.Join(",", row.GetProperty(keyless ? "row" : "key").EnumerateObject().Select(static p => $"{p.Name}={p.Value.GetString()}"));
                    if (keyless)
                        identity += $" copies {row.GetProperty("source_copies").GetInt64()}/{row.GetProperty("target_copies").GetInt64()}";
                    var columns = kind == Finding.Differing ? row.GetProperty("columns").EnumerateArray().ToList() : [];
                    foreach (var column in columns)
                        values[(name, identity, column.GetProperty("column").GetString()!)] = (column.GetProperty("source").GetString(), column.GetProperty("target").GetString());
                    findings.Add(new Finding(name, kind, identity, string.Join(",", columns.Select(static c => c.GetProperty("column").GetString()))));
                }
            }
        }

        return new VerifyJsonReport
        {
            Result = root.GetProperty("result").GetString()!,
            Sections = [.. root.EnumerateObject().Select(static p => p.Name)],
            Schema = [.. root.GetProperty("schema").EnumerateArray().Select(static s => (
                s.GetProperty("table").GetString()!, s.GetProperty("difference").GetString()!, s.GetProperty("data_compared").GetBoolean()))],
            Tables = tables,
            Findings = [.. Finding.Sorted(findings)],
            Values = values,
            SourceQueries = root.GetProperty("totals").GetProperty("source_queries").GetInt64(),
            TargetQueries = root.GetProperty("totals").GetProperty("target_queries").GetInt64(),
            FixedRows = root.TryGetProperty("fixed_rows", out var fixedRows) ? fixedRows.GetInt64() : 0,
        };
    }
}

/// <summary>One table of a report: its verdict, rows on each side, chunks, and (time-slice mode) the differing slices.</summary>
internal sealed record TableSummary(string Result, long SourceRows, long TargetRows, int Chunks, int DifferingChunks, IReadOnlyList<SliceSummary> Slices);

/// <summary>A differing time slice as the report names it.</summary>
internal sealed record SliceSummary(string From, string Until, long SourceRows, long TargetRows);
