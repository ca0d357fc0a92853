namespace Tandem.MySql.Schema.Ddl;

/// <summary>FIRST or AFTER column in ALTER TABLE; <see cref="After"/> null with <see cref="First"/> false means "at the end".</summary>
internal sealed record ColumnPosition(bool First, string? After);
