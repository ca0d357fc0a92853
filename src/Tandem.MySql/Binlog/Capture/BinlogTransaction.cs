using System.Runtime.CompilerServices;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Rows;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// A transaction from the binlog. Rows stay encoded (in memory up to the budget, then in a spill file) and are decoded
/// each time <see cref="ReadChangesAsync"/> walks them, so a transaction of any size costs bounded memory.
/// </summary>
internal sealed class BinlogTransaction : Transaction
{
    private readonly IReadOnlyList<Change> _leading;
    private readonly IReadOnlyList<TableMapping> _mappings;
    private readonly TransactionBuffer? _rows;
    private readonly string _file;

    public BinlogTransaction(IReadOnlyList<Change> leading, IReadOnlyList<TableMapping> mappings, TransactionBuffer? rows, string file)
    {
        _leading = leading;
        _mappings = mappings;
        _rows = rows;
        _file = file;
    }

    /// <summary>True when nothing in it concerns the tables being captured.</summary>
    public bool IsEmpty => _leading.Count == 0 && (_rows is null || _rows.Count == 0);

    /// <summary>True when its rows did not fit the memory budget and went to disk.</summary>
    public bool Spilled => _rows?.Spilled ?? false;

    public override async IAsyncEnumerable<Change> ReadChangesAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var change in _leading)
            yield return change;

        if (_rows is null)
            yield break;

        await foreach (var rows in _rows.ReadAsync(ct).ConfigureAwait(false))
        {
            var mapping = _mappings[rows.Mapping];

            var kind = rows.Kind switch
            {
                Events.RowsEventKind.Write => ChangeKind.Insert,
                Events.RowsEventKind.Delete => ChangeKind.Delete,
                _ => ChangeKind.Update,
            };
            using var images = RowsBodyDecoder.Enumerate(rows.Body, (RowsEventKind)(int)rows.Kind, mapping.Columns).GetEnumerator();
            while (true)
            {
                RowImages image;
                try
                {
                    if (!images.MoveNext())
                        break;
                    image = images.Current;
                }
                catch (Protocol.MySqlException ex) when (ex is not BinlogCorruptException)
                {
                    // Rows are decoded only now, long after their event was read: name the event so it can be inspected.
                    throw new BinlogCorruptException($"{_file}:{rows.Offset}", $"rows of {mapping.Schema.QualifiedName}: {ex.Message}", inner: ex);
                }

                yield return new RowChange(mapping.Schema, kind, image.Before, image.After);
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_rows is not null)
            await _rows.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
