using System.Buffers.Binary;
using System.Text;

namespace Tandem.MySql.Binlog.Positions;

/// <summary>
/// An immutable MySQL GTID set, as in <c>@@gtid_executed</c>: <c>uuid:1-5:7-9,uuid2:1-3</c>, with MySQL 8.3+ tags
/// (<c>uuid:1-5:batch:1-2</c>). Printed canonically: sorted by UUID, untagged intervals first then tags in order,
/// intervals merged, lower-case (MySQL 8.4 manual, 19.1.3.1 "GTID Format and Storage").
/// </summary>
/// <remarks>
/// A <see cref="Guid"/> given to this type means the UUID its text spells. From the 16 raw bytes of a GTID event, build
/// it with <c>new Guid(bytes, bigEndian: true)</c>: <c>new Guid(bytes)</c> would swap the first three groups.
/// </remarks>
public sealed class MySqlGtidSet : IEquatable<MySqlGtidSet>
{
    private readonly GtidSource[] _sources;

    private MySqlGtidSet(GtidSource[] sources)
    {
        _sources = sources;
    }

    public static MySqlGtidSet Empty { get; } = new([]);

    public bool IsEmpty => _sources.Length == 0;

    /// <summary>True when some transaction in the set has a tag, which makes <see cref="EncodeForDump"/> use the tagged encoding that only MySQL 8.3+ reads.</summary>
    public bool HasTags => Array.Exists(_sources, static s => s.Tag.Length > 0);

    internal ReadOnlySpan<GtidSource> Sources => _sources;

    /// <summary>Reads the text MySQL prints; whitespace and newlines between parts are ignored, UUIDs and tags may be any case.</summary>
    /// <exception cref="BinlogPositionFormatException">The text is not a GTID set.</exception>
    public static MySqlGtidSet Parse(string text) => GtidSetText.Parse(text);

    /// <summary>Reads the binary encoding of a PREVIOUS_GTIDS event body or a COM_BINLOG_DUMP_GTID request; every byte must belong to it.</summary>
    /// <exception cref="BinlogPositionFormatException">The bytes are not a GTID set encoding.</exception>
    public static MySqlGtidSet Decode(ReadOnlySpan<byte> encoded)
    {
        var set = GtidSetEncoding.Decode(encoded, out var used);
        if (used != encoded.Length)
        {
            throw new BinlogPositionFormatException(
                $"the GTID set encoding ends at byte {used} but {encoded.Length - used} more bytes follow",
                GtidSetEncoding.ExpectedForm);
        }

        return set;
    }

    /// <summary>Reads a GTID set encoding at the start of <paramref name="encoded"/> and says how many bytes it took.</summary>
    public static MySqlGtidSet Decode(ReadOnlySpan<byte> encoded, out int bytesRead) => GtidSetEncoding.Decode(encoded, out bytesRead);

    /// <summary>The data of COM_BINLOG_DUMP_GTID (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_binlog_dump.html): untagged layout when no tag is present, else the MySQL 8.3+ tagged layout.</summary>
    public byte[] EncodeForDump() => GtidSetEncoding.Encode(this);

    /// <summary>This set plus one transaction. Returns this same instance when the transaction is already in it.</summary>
    /// <exception cref="BinlogPositionFormatException">The tag is not a valid tag, or gno is outside 1 to 2^63-2.</exception>
    public MySqlGtidSet Add(Guid sid, string? tag, long gno)
    {
        if (gno is < 1 or > GtidIntervals.MaxGno)
        {
            throw new BinlogPositionFormatException(
                $"transaction number {gno} is outside the range MySQL allows (1 to {GtidIntervals.MaxGno})",
                GtidSetText.ExpectedForm);
        }

        var uuid = ToUuid(sid);
        var normalizedTag = GtidTag.Normalize(tag);
        var index = Find(uuid, normalizedTag);
        if (index < 0)
        {
            var source = new GtidSource(uuid, normalizedTag, [new GtidInterval(gno, gno + 1)]);
            var insertAt = ~index;
            return new MySqlGtidSet([.. _sources.AsSpan(0, insertAt), source, .. _sources.AsSpan(insertAt)]);
        }

        var existing = _sources[index];
        var intervals = GtidIntervals.Insert(existing.Intervals, gno);
        if (ReferenceEquals(intervals, existing.Intervals))
        {
            return this;
        }

        var sources = (GtidSource[])_sources.Clone();
        sources[index] = new GtidSource(uuid, normalizedTag, intervals);
        return new MySqlGtidSet(sources);
    }

    public bool Contains(Guid sid, string? tag, long gno)
    {
        if (gno is < 1 or > GtidIntervals.MaxGno || !(string.IsNullOrEmpty(tag) || GtidTag.IsValid(tag)))
        {
            return false;
        }

        var index = Find(ToUuid(sid), GtidTag.Normalize(tag));
        return index >= 0 && GtidIntervals.Contains(_sources[index].Intervals, gno);
    }

    /// <summary>True when every transaction of <paramref name="other"/> is in this set.</summary>
    public bool IsSupersetOf(MySqlGtidSet other)
    {
        foreach (var source in other._sources)
        {
            var index = Find(source.Uuid, source.Tag);
            if (index < 0 || !GtidIntervals.Covers(_sources[index].Intervals, source.Intervals))
            {
                return false;
            }
        }

        return true;
    }

    public MySqlGtidSet Union(MySqlGtidSet other)
    {
        if (other.IsEmpty || ReferenceEquals(this, other))
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        var builder = new GtidSetBuilder();
        builder.AddAll(this);
        builder.AddAll(other);
        return builder.Build();
    }

    /// <summary>The canonical text: <c>uuid:1-5:7,uuid2:1-3:tag:1-2</c>; "" for the empty set.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        UInt128? previousUuid = null;
        foreach (var source in _sources)
        {
            if (source.Uuid != previousUuid)
            {
                if (previousUuid is not null)
                {
                    text.Append(',');
                }

                text.Append(FormatUuid(source.Uuid));
                previousUuid = source.Uuid;
            }

            if (source.Tag.Length > 0)
            {
                text.Append(':').Append(source.Tag);
            }

            foreach (var interval in source.Intervals)
            {
                text.Append(':').Append(interval.Start);
                if (interval.Last != interval.Start)
                {
                    text.Append('-').Append(interval.Last);
                }
            }
        }

        return text.ToString();
    }

    public bool Equals(MySqlGtidSet? other)
    {
        if (other is null || other._sources.Length != _sources.Length)
        {
            return false;
        }

        for (var i = 0; i < _sources.Length; i++)
        {
            if (!_sources[i].SameAs(other._sources[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as MySqlGtidSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var source in _sources)
        {
            hash.Add(source.Uuid);
            hash.Add(source.Tag);
            foreach (var interval in source.Intervals)
            {
                hash.Add(interval);
            }
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(MySqlGtidSet? left, MySqlGtidSet? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(MySqlGtidSet? left, MySqlGtidSet? right) => !(left == right);

    internal static MySqlGtidSet FromSorted(GtidSource[] sources) => sources.Length == 0 ? Empty : new MySqlGtidSet(sources);

    internal static UInt128 ToUuid(Guid sid)
    {
        Span<byte> bytes = stackalloc byte[16];
        sid.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    internal static string FormatUuid(UInt128 uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, uuid);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    private int Find(UInt128 uuid, string tag)
    {
        int lo = 0, hi = _sources.Length - 1;
        while (lo <= hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            var order = _sources[mid].CompareKey(uuid, tag);
            if (order == 0)
            {
                return mid;
            }

            if (order < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
