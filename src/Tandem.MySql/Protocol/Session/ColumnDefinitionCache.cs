using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Protocol.Session;

/// <summary>
/// The column definitions of a session's last result set, kept with their packets' bytes. A command run
/// again (a point select, a prepared statement) gets byte-identical definitions back, and then reuses the
/// parsed, immutable <see cref="ColumnDefinition"/> objects instead of parsing five strings per column again.
/// </summary>
internal sealed class ColumnDefinitionCache
{
    // Wider results are rare enough in hot loops that they are parsed every time.
    private const int MaxColumns = 64;

    private readonly byte[]?[] _packets = new byte[]?[MaxColumns];
    private readonly ColumnDefinition?[] _definitions = new ColumnDefinition?[MaxColumns];
    private readonly ColumnDefinition[] _scratch = new ColumnDefinition[MaxColumns];
    private ColumnDefinition[] _last = [];

    /// <summary>The definition of column <paramref name="index"/> whose packet is <paramref name="packet"/>.</summary>
    public ColumnDefinition Get(int index, ReadOnlySpan<byte> packet, bool extendedMetadata)
    {
        if (index < MaxColumns && _packets[index] is { } cached && packet.SequenceEqual(cached))
            return _definitions[index]!;

        var definition = ColumnDefinition.Create(packet, extendedMetadata);
        if (index < MaxColumns)
        {
            _packets[index] = packet.ToArray();
            _definitions[index] = definition;
        }

        return definition;
    }

    /// <summary>
    /// The definitions of a result as an array of their own: the last result's array when every definition
    /// is the same object again, so a repeated result allocates nothing.
    /// </summary>
    public ColumnDefinition[] Complete(ReadOnlySpan<ColumnDefinition> columns)
    {
        if (columns.SequenceEqual(_last))
            return _last;
        _last = columns.ToArray();
        return _last;
    }

    /// <summary>Room for <paramref name="count"/> definitions while a header is read (shared; pass it to <see cref="Complete"/>).</summary>
    public ColumnDefinition[] Scratch(int count) => count <= MaxColumns ? _scratch : new ColumnDefinition[count];
}
