using Tandem.Core.Model;
using Tandem.MySql.Schema;

namespace Tandem.MySql.Meta;

/// <summary>
/// The two tandem_meta tables a link's captures read although Tandem's database is otherwise never captured: the mark
/// rows (a transaction that bumps one of its channel's marks was applied by the link, so it is not forwarded) and the
/// heartbeat rows (replicated like data to measure the lag). Their layout is Tandem's own, so their rows are decoded
/// with the schema below, never with one read from the server.
/// </summary>
public static class LinkMetaTables
{
    public const string Mark = "mark";
    public const string Heartbeat = "heartbeat";

    /// <summary>Column positions in <see cref="Mark"/>.</summary>
    public const int MarkChannel = 0;
    public const int MarkOrigin = 3;

    /// <summary>Column positions in <see cref="Heartbeat"/>.</summary>
    public const int HeartbeatLink = 0;
    public const int HeartbeatOrigin = 1;
    public const int HeartbeatBeat = 2;
    public const int HeartbeatWrittenMicros = 3;

    private static readonly Lazy<SchemaCatalog> Catalog = new(BuildCatalog);

    public static bool IsMark(string database, string table) => IsMeta(database) && string.Equals(table, Mark, StringComparison.OrdinalIgnoreCase);

    public static bool IsHeartbeat(string database, string table) => IsMeta(database) && string.Equals(table, Heartbeat, StringComparison.OrdinalIgnoreCase);

    public static bool IsHeartbeat(TableSchema table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return IsHeartbeat(table.Database, table.Name);
    }

    public static bool IsMark(TableSchema table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return IsMark(table.Database, table.Name);
    }

    /// <summary>The schema of one of the two tables, or null for any other table.</summary>
    public static TableSchema? SchemaOf(string database, string table) =>
        IsMark(database, table) || IsHeartbeat(database, table) ? Catalog.Value.Find(MetaSchema.Database, table.ToLowerInvariant()) : null;

    /// <summary>The statement that bumps a writer's mark row; run it inside every transaction a link's sink commits.</summary>
    public static string BumpMarkSql(long channel, string task, int writer, string origin) =>
        $"INSERT INTO {MetaSchema.Database}.{Mark} (channel, task, writer, origin, counter) VALUES ({channel}, {Quote(task)}, {writer}, {Quote(origin)}, 1) " +
        "ON DUPLICATE KEY UPDATE counter = counter + 1, origin = VALUES(origin)";

    /// <summary>The statement the heartbeat writer runs on its own server.</summary>
    public static string BeatSql(string link, string origin, long beat, long writtenMicros) =>
        $"INSERT INTO {MetaSchema.Database}.{Heartbeat} (link, origin, beat, written_us) VALUES ({Quote(link)}, {Quote(origin)}, {beat}, {writtenMicros}) " +
        "ON DUPLICATE KEY UPDATE beat = VALUES(beat), written_us = VALUES(written_us)";

    private static bool IsMeta(string database) => string.Equals(database, MetaSchema.Database, StringComparison.OrdinalIgnoreCase);

    private static string Quote(string text) => Protocol.Values.SqlLiteral.Format(text);

    private static SchemaCatalog BuildCatalog()
    {
        var catalog = SchemaCatalog.Empty(new SchemaCatalogOptions());
        foreach (var statement in MetaSchema.Statements)
        {
            if (statement.Contains($".{Mark} (", StringComparison.Ordinal) || statement.Contains($".{Heartbeat} (", StringComparison.Ordinal) || statement.StartsWith("CREATE DATABASE", StringComparison.Ordinal))
                catalog = catalog.Apply(null, statement).Catalog;
        }

        return catalog;
    }
}
