using System.Text;
using System.Text.Json;
using Tandem.Core.Files;

namespace Tandem.MySql.Schema.History;

/// <summary>
/// The schema history in one directory: <see cref="SnapshotFileName"/> (the catalog at a position, replaced
/// atomically by write-to-temp, fsync, rename) and <see cref="LogFileName"/> (one JSON entry a line, each
/// fsynced before <see cref="AppendAsync"/> returns). A crash can tear only the last line; loading drops it
/// and truncates the file, since its DDL was not acknowledged and will be read again from the binlog. The directory is
/// private (0700, owned by this user; checked on first use) and the files 0600: DDL can carry defaults and comments.
/// </summary>
public sealed class FileSchemaHistoryStore : ISchemaHistoryStore
{
    public const string SnapshotFileName = "schema-snapshot.json";
    public const string LogFileName = "schema-history.jsonl";

    private readonly string _directory;
    private readonly string _snapshotPath;
    private readonly string _logPath;
    private bool _directoryChecked;

    public FileSchemaHistoryStore(string directory)
    {
        _directory = directory;
        _snapshotPath = Path.Combine(directory, SnapshotFileName);
        _logPath = Path.Combine(directory, LogFileName);
    }

    public async Task AppendAsync(SchemaHistoryEntry entry, CancellationToken cancellationToken)
    {
        EnsureDirectory();
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, SchemaJson.Line) + "\n");
        await using var stream = PrivateFiles.Open(_logPath, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
        await stream.WriteAsync(line, cancellationToken);
        stream.Flush(flushToDisk: true);
    }

    public async Task<SchemaHistoryData?> LoadAsync(CancellationToken cancellationToken)
    {
        EnsureDirectory();
        if (!File.Exists(_snapshotPath))
        {
            if (File.Exists(_logPath) && new FileInfo(_logPath).Length > 0)
            {
                throw new SchemaHistoryException(
                    $"schema history {_logPath} has entries but no snapshot {SnapshotFileName}",
                    "The snapshot was deleted; remove the directory and start again from a new initial load.");
            }

            return null;
        }

        CatalogDocument document;
        try
        {
            await using var stream = File.OpenRead(_snapshotPath);
            document = await JsonSerializer.DeserializeAsync<CatalogDocument>(stream, SchemaJson.Document, cancellationToken)
                ?? throw new JsonException("the snapshot is null");
        }
        catch (JsonException ex)
        {
            throw new SchemaHistoryException($"schema snapshot {_snapshotPath} is not valid: {ex.Message}", "Restore the file from a backup or start again from a new initial load.", ex);
        }

        if (document.Version != CatalogDocument.CurrentVersion)
            throw new SchemaHistoryException($"schema snapshot {_snapshotPath} has version {document.Version}", "It was written by another Tandem version; use that version or start again.");

        var entries = (await ReadLogAsync(cancellationToken)).Where(e => e.Position > document.Position).ToArray();
        return new SchemaHistoryData(document.Position, document.ToCatalog(), entries);
    }

    public async Task WriteSnapshotAsync(HistoryPosition position, SchemaCatalog catalog, CancellationToken cancellationToken)
    {
        EnsureDirectory();
        var json = JsonSerializer.SerializeToUtf8Bytes(CatalogDocument.From(position, catalog), SchemaJson.Document);
        await ReplaceAsync(_snapshotPath, json, cancellationToken);

        // Entries the snapshot now covers are dropped; a crash before this only leaves entries LoadAsync skips.
        var kept = (await ReadLogAsync(cancellationToken)).Where(e => e.Position > position);
        var log = new MemoryStream();
        foreach (var entry in kept)
            log.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, SchemaJson.Line) + "\n"));
        await ReplaceAsync(_logPath, log.ToArray(), cancellationToken);
    }

    private static async Task ReplaceAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await using (var stream = PrivateFiles.Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private void EnsureDirectory()
    {
        if (_directoryChecked)
            return;
        PrivateFiles.EnsureDirectory(_directory, "schema history directory", "--schema-history");
        _directoryChecked = true;
    }

    private async Task<List<SchemaHistoryEntry>> ReadLogAsync(CancellationToken cancellationToken)
    {
        var entries = new List<SchemaHistoryEntry>();
        if (!File.Exists(_logPath))
            return entries;

        var bytes = await File.ReadAllBytesAsync(_logPath, cancellationToken);
        var start = 0;
        while (start < bytes.Length)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            var end = newline < 0 ? bytes.Length : newline;
            var isLast = newline < 0 || newline == bytes.Length - 1;
            var entry = TryParse(bytes.AsSpan(start, end - start));
            if (entry is null || newline < 0)
            {
                if (!isLast)
                {
                    throw new SchemaHistoryException(
                        $"schema history {_logPath} has an unreadable entry at byte {start}",
                        "Only the last line can be torn by a crash; restore the file from a backup or start again from a new initial load.");
                }

                // A torn last line: cut it off so the next append starts on a clean line.
                await using var stream = PrivateFiles.Open(_logPath, FileMode.Open, FileAccess.Write);
                stream.SetLength(start);
                stream.Flush(flushToDisk: true);
                break;
            }

            entries.Add(entry);
            start = end + 1;
        }

        return entries;
    }

    private static SchemaHistoryEntry? TryParse(ReadOnlySpan<byte> line)
    {
        if (line.Trim((byte)' ').Trim((byte)'\r').IsEmpty)
            return null;
        try
        {
            return JsonSerializer.Deserialize<SchemaHistoryEntry>(line, SchemaJson.Line);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
