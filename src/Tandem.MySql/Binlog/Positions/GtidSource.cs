namespace Tandem.MySql.Binlog.Positions;

/// <summary>
/// One transaction source of a GTID set: the server UUID (as the 128-bit number its textual hex digits spell, so
/// numeric order is the server's sort order), the tag ("" when untagged), and its sorted, disjoint, non-adjacent
/// intervals. Never mutated once built.
/// </summary>
internal sealed class GtidSource
{
    public GtidSource(UInt128 uuid, string tag, GtidInterval[] intervals)
    {
        Uuid = uuid;
        Tag = tag;
        Intervals = intervals;
    }

    public UInt128 Uuid { get; }

    public string Tag { get; }

    public GtidInterval[] Intervals { get; }

    /// <summary>Orders by UUID, then tag, untagged first: the order MySQL prints and encodes (Gtid_set::encode).</summary>
    public int CompareKey(UInt128 uuid, string tag)
    {
        var byUuid = Uuid.CompareTo(uuid);
        return byUuid != 0 ? byUuid : string.CompareOrdinal(Tag, tag);
    }

    public bool SameAs(GtidSource other) =>
        Uuid == other.Uuid && Tag == other.Tag && Intervals.AsSpan().SequenceEqual(other.Intervals);
}
