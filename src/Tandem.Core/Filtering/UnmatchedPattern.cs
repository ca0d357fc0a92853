namespace Tandem.Core.Filtering;

/// <summary>An inclusion pattern that selects no table of a server.</summary>
/// <param name="Pattern">The pattern as written.</param>
/// <param name="Excluded">The tables it matches when the task's exclusions leave them all out; empty when it matches none.</param>
/// <param name="Suggestion">A pattern with a close database or table name, when one is close enough.</param>
/// <param name="DatabaseExists">Some database of the server matches the pattern's database part (its tables may come later).</param>
public sealed record UnmatchedPattern(string Pattern, IReadOnlyList<string> Excluded, string? Suggestion, bool DatabaseExists);
