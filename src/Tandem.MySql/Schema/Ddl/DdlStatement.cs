namespace Tandem.MySql.Schema.Ddl;

/// <summary>A parsed statement; each kind of DDL is a subtype.</summary>
internal abstract record DdlStatement;
