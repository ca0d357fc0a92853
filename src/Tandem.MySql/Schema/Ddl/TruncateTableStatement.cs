namespace Tandem.MySql.Schema.Ddl;

internal sealed record TruncateTableStatement(TableRef Table) : DdlStatement;
