namespace Tandem.MySql.Schema.Ddl;

internal enum IndexKind
{
    Primary,
    Unique,
    Plain,
    Fulltext,
    Spatial,
    Foreign,
}
