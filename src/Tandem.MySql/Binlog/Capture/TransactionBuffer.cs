using Tandem.Core.Errors;

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

        try
        {
            _spill ??= CreateSpillFile();
            await BufferedRows.WriteAsync(_spill, mapping, kind, offset, body, ct).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            var failure = SpillFailed(ex, body.Length);
            await DiscardSpillAsync().ConfigureAwait(false);
            throw failure;
        }
    }

    /// <summary>Reads every entry back in order. The file part is read through a fresh handle, so readers may overlap.</summary>
    public async IAsyncEnumerable<BufferedRows> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var rows in _memory)
            yield return rows;

        if (_spill is null)
            yield break;

        await FlushAsync(_spill, ct).ConfigureAwait(false);
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
        SpillFiles.EnsureDirectory(_spillDirectory);
        return SpillFiles.Create(_spillDirectory, SpillBufferBytes);
    }

    private async ValueTask FlushAsync(FileStream spill, CancellationToken ct)
    {
        try
        {
            await spill.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            var failure = SpillFailed(ex, 0);
            await DiscardSpillAsync().ConfigureAwait(false);
            throw failure;
        }
    }

    /// <summary>Closes (and so deletes) a spill file that could not be written; its unwritten buffer is dropped, not flushed again.</summary>
    private async ValueTask DiscardSpillAsync()
    {
        if (_spill is null)
            return;
        try
        {
            await _spill.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The same full disk again: the handle is closed and the file deleted all the same.
        }

        _spill = null;
    }

    /// <summary>
    /// A spill that fails is a failure of the run (exit 1), not of Tandem: the message names the directory, how much
    /// of the transaction it had to hold, and the settings that give it more room or keep more in memory.
    /// </summary>
    private TandemException SpillFailed(IOException ex, long writing)
    {
        const int NoSpace = 28, QuotaExceeded = 122;
        var spilled = TotalBytes - _memoryBytes;
        var full = (ex.HResult & 0xFFFF) is NoSpace or QuotaExceeded;
        var needed = $"this transaction needs more than {ByteText(spilled)} there ({ByteText(TotalBytes)} of rows so far, {ByteText(_memoryBytes)} held in memory, {ByteText(writing)} being written)";
        return new TandemException(
            full
                ? $"the spill directory {Path.GetFullPath(_spillDirectory)} is full: {needed}"
                : $"cannot write to the spill directory {Path.GetFullPath(_spillDirectory)}: {ex.Message}; {needed}",
            $"free space there, or set {SpillFiles.DirectorySetting} to a filesystem with room for the largest transaction; "
            + "a larger memory_budget (--memory-budget for tandem tail) keeps more of each transaction in memory",
            ex);
    }

    private static string ByteText(long bytes) => bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.#} MiB ({bytes} bytes)" : $"{bytes} bytes";
}
