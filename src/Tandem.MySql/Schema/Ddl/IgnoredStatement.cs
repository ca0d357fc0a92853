namespace Tandem.MySql.Schema.Ddl;

/// <summary>A statement that cannot change a table's structure (views, routines, users, DML, ...).</summary>
internal sealed record IgnoredStatement(string What) : DdlStatement;
