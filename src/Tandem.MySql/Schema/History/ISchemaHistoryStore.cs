namespace Tandem.MySql.Schema.History;

/// <summary>Durable storage of the schema history: a snapshot and an append-only log of the changes after it.</summary>
public interface ISchemaHistoryStore
{
    /// <summary>Makes the entry durable before returning; entries arrive in position order.</summary>
    Task AppendAsync(SchemaHistoryEntry entry, CancellationToken cancellationToken);

    /// <summary>The snapshot and the entries after it, or null when nothing was ever stored.</summary>
    Task<SchemaHistoryData?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the snapshot; entries at or before <paramref name="position"/> may then be discarded.</summary>
    Task WriteSnapshotAsync(HistoryPosition position, SchemaCatalog catalog, CancellationToken cancellationToken);
}
