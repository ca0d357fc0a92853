namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// The encoded rows events of one transaction as they arrive: in memory up to a budget, then appended to a spill file
/// that is deleted when the buffer is disposed. Read back in order, any number of times, with bounded memory.
/// </summary>
internal sealed class TransactionBuffer : IAsyncDisposable
{
    private const int SpillBufferBytes = 1 << 20;

    private readonly long _memoryBudget;
    private readonly string _spillDirectory;
    private readonly List<BufferedRows> _memory = [];
    private FileStream? _spill;
    private long _memoryBytes;

    public TransactionBuffer(long memoryBudget, string spillDirectory)
    {
        _memoryBudget = memoryBudget;
        _spillDirectory = spillDirectory;
    }

    public long TotalBytes { get; private set; }

    public int Count { get; private set; }

    public bool Spilled => _spill is not null;

    public string? SpillPath => _spill?.Name;

    /// <summary>Keeps a rows event's body: copied when it stays in memory, written straight from <paramref name="body"/> when it spills.</summary>
    public async ValueTask AddAsync(int mapping, Events.RowsEventKind kind, long offset, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        Count++;
        TotalBytes += body.Length;
        if (_spill is null && _memoryBytes + body.Length <= _memoryBudget)
        {
            _memory.Add(new BufferedRows(mapping, kind, offset, body.ToArray()));
            _memoryBytes += body.Length;
            return;
        }

        _spill ??= CreateSpillFile();
        await BufferedRows.WriteAsync(_spill, mapping, kind, offset, body, ct).ConfigureAwait(false);
    }

    /// <summary>Reads every entry back in order. The file part is read through a fresh handle, so readers may overlap.</summary>
    public async IAsyncEnumerable<BufferedRows> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var rows in _memory)
            yield return rows;

        if (_spill is null)
            yield break;

        await _spill.FlushAsync(ct).ConfigureAwait(false);
        var length = _spill.Length;
        await using var reader = new FileStream(_spill.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, SpillBufferBytes, FileOptions.Asynchronous | FileOptions.SequentialScan);
        while (reader.Position < length)
            yield return await BufferedRows.ReadAsync(reader, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_spill is not null)
        {
            await _spill.DisposeAsync().ConfigureAwait(false);
            _spill = null;
        }
    }

    private FileStream CreateSpillFile()
    {
        Directory.CreateDirectory(_spillDirectory);
        var path = SpillFiles.NewPath(_spillDirectory);
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, SpillBufferBytes, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
    }
}
