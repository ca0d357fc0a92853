using Tandem.MySql.Schema;
using Tandem.MySql.Schema.History;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>A schema history kept only for the life of one capture.</summary>
internal sealed class MemorySchemaHistoryStore : ISchemaHistoryStore
{
    private readonly List<SchemaHistoryEntry> _entries = [];
    private (HistoryPosition Position, SchemaCatalog Catalog)? _snapshot;

    public Task AppendAsync(SchemaHistoryEntry entry, CancellationToken cancellationToken)
    {
        _entries.Add(entry);
        return Task.CompletedTask;
    }

    public Task<SchemaHistoryData?> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_snapshot is { } s ? new SchemaHistoryData(s.Position, s.Catalog, [.. _entries]) : null);

    public Task WriteSnapshotAsync(HistoryPosition position, SchemaCatalog catalog, CancellationToken cancellationToken)
    {
        _snapshot = (position, catalog);
        _entries.RemoveAll(e => e.Position <= position);
        return Task.CompletedTask;
    }
}
