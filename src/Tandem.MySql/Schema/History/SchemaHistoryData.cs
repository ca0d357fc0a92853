namespace Tandem.MySql.Schema.History;

/// <summary>What a store holds: the latest snapshot and the entries after it, in order.</summary>
public sealed record SchemaHistoryData(HistoryPosition SnapshotPosition, SchemaCatalog Snapshot, IReadOnlyList<SchemaHistoryEntry> Entries);
