namespace Tandem.Cli.Check;

/// <summary>Which family of database a URI names, by its scheme.</summary>
internal enum ServerKind
{
    MySqlFamily,
    Postgres,
}
