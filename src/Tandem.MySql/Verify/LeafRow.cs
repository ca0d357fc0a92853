namespace Tandem.MySql.Verify;

/// <summary>A keyed row at the bottom of a drill-down: its key literals and display values, and its row digest.</summary>
internal sealed record LeafRow(string[] KeyLiterals, string?[] KeyDisplay, string Digest);

/// <summary>A whole row read by key: every column's literal, raw display and canonical field.</summary>
internal sealed record FullRow(string[] Literals, byte[][] Fields, bool[] Nulls);
