namespace Tandem.Core.Verify;

/// <summary>A column's value as a report shows it: readable text, or null for SQL NULL.</summary>
public sealed record ReportedValue(string Column, string? Text);

/// <summary>A column that differs, with both sides' values as a report shows them.</summary>
public sealed record ColumnDifference(string Column, string? Source, string? Target);
