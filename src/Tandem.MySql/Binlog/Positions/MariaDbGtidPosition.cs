using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Tandem.MySql.Binlog.Positions;

/// <summary>
/// A MariaDB replication position in the form of <c>@@gtid_slave_pos</c> and <c>@slave_connect_state</c> (https://mariadb.com/kb/en/gtid/): the last
/// GTID applied in each replication domain, <c>0-1-100,1-2-7</c>, at most one per domain. Immutable; printed sorted by
/// domain. The empty text is the empty position.
/// </summary>
public sealed class MariaDbGtidPosition : IEquatable<MariaDbGtidPosition>
{
    private const string ExpectedForm =
        "a MariaDB GTID position is domain-server-sequence[,domain-server-sequence...] with one entry per domain, " +
        "e.g. 0-1-100,1-2-7 (domain and server are 32-bit, sequence 64-bit); the empty text is the empty position";

    private const string GtidListForm = "a GTID_LIST body is a 4-byte count (low 28 bits) then 16 bytes per GTID: domain(4), server(4), sequence(8)";

    private readonly MariaDbGtid[] _entries;

    private MariaDbGtidPosition(MariaDbGtid[] entries)
    {
        _entries = entries;
    }

    public static MariaDbGtidPosition Empty { get; } = new([]);

    public bool IsEmpty => _entries.Length == 0;

    /// <summary>One GTID per domain, sorted by domain.</summary>
    public IReadOnlyList<MariaDbGtid> Entries => _entries;

    /// <exception cref="BinlogPositionFormatException">The text is not a GTID position, or names a domain twice.</exception>
    public static MariaDbGtidPosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }

        var parts = text.Split(',');
        var entries = new MariaDbGtid[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            entries[i] = ParseGtid(text, parts[i].Trim());
        }

        Array.Sort(entries, static (a, b) => a.Domain.CompareTo(b.Domain));
        for (var i = 1; i < entries.Length; i++)
        {
            if (entries[i].Domain == entries[i - 1].Domain)
            {
                throw new BinlogPositionFormatException(
                    $"the MariaDB GTID position '{text}' has two GTIDs in domain {entries[i].Domain} ({entries[i - 1]} and {entries[i]})",
                    ExpectedForm,
                    text);
            }
        }

        return new MariaDbGtidPosition(entries);
    }

    /// <summary>
    /// The position a GTID_LIST event (163) records, from its body without the checksum: a 4-byte count whose low 28 bits
    /// count the entries, then per entry domain(4), server(4), sequence(8), little-endian (MariaDB KB, "GTID_LIST_EVENT").
    /// The list holds one GTID per (domain, server) and writes each domain's most recent one last
    /// (sql/rpl_gtid.cc, rpl_binlog_state::get_gtid_list), so the last entry of each domain wins.
    /// </summary>
    /// <exception cref="BinlogPositionFormatException">The body is shorter than its count says.</exception>
    public static MariaDbGtidPosition FromGtidListEvent(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4)
        {
            throw new BinlogPositionFormatException($"the GTID_LIST event body has {body.Length} bytes, fewer than its 4-byte count", GtidListForm);
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(body) & 0x0FFF_FFFF;
        if (count > (uint)(body.Length - 4) / 16)
        {
            throw new BinlogPositionFormatException(
                $"the GTID_LIST event claims {count} GTIDs but its body has {body.Length} bytes", GtidListForm);
        }

        var latest = new Dictionary<uint, MariaDbGtid>();
        for (var i = 0; i < (int)count; i++)
        {
            var entry = body.Slice(4 + (i * 16), 16);
            var gtid = new MariaDbGtid(
                BinaryPrimitives.ReadUInt32LittleEndian(entry),
                BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]));
            latest[gtid.Domain] = gtid;
        }

        var entries = latest.Values.ToArray();
        Array.Sort(entries, static (a, b) => a.Domain.CompareTo(b.Domain));
        return new MariaDbGtidPosition(entries);
    }

    /// <summary>This position with the domain's entry replaced by the given GTID (the GTID of a transaction just applied).</summary>
    public MariaDbGtidPosition Apply(MariaDbGtid gtid)
    {
        var index = Find(gtid.Domain);
        if (index >= 0)
        {
            if (_entries[index] == gtid)
            {
                return this;
            }

            var replaced = (MariaDbGtid[])_entries.Clone();
            replaced[index] = gtid;
            return new MariaDbGtidPosition(replaced);
        }

        var at = ~index;
        return new MariaDbGtidPosition([.. _entries.AsSpan(0, at), gtid, .. _entries.AsSpan(at)]);
    }

    public MariaDbGtidPosition Apply(uint domain, uint serverId, ulong sequence) => Apply(new MariaDbGtid(domain, serverId, sequence));

    /// <summary>True when the position has passed this GTID: its domain's sequence is at least the GTID's. The server id is not compared.</summary>
    public bool Contains(MariaDbGtid gtid) => Contains(gtid.Domain, gtid.Sequence);

    public bool Contains(uint domain, ulong sequence)
    {
        var index = Find(domain);
        return index >= 0 && sequence <= _entries[index].Sequence;
    }

    public bool TryGet(uint domain, out MariaDbGtid gtid)
    {
        var index = Find(domain);
        gtid = index >= 0 ? _entries[index] : default;
        return index >= 0;
    }

    /// <summary>The canonical text, sorted by domain, as <c>@slave_connect_state</c> takes it.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var entry in _entries)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(entry.Domain).Append('-').Append(entry.ServerId).Append('-').Append(entry.Sequence);
        }

        return text.ToString();
    }

    public bool Equals(MariaDbGtidPosition? other) => other is not null && _entries.AsSpan().SequenceEqual(other._entries);

    public override bool Equals(object? obj) => Equals(obj as MariaDbGtidPosition);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var entry in _entries)
        {
            hash.Add(entry);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(MariaDbGtidPosition? left, MariaDbGtidPosition? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(MariaDbGtidPosition? left, MariaDbGtidPosition? right) => !(left == right);

    private static MariaDbGtid ParseGtid(string text, string part)
    {
        var pieces = part.Split('-');
        if (pieces.Length == 3
            && TryParseDigits(pieces[0], out var domain) && domain <= uint.MaxValue
            && TryParseDigits(pieces[1], out var server) && server <= uint.MaxValue
            && TryParseDigits(pieces[2], out var sequence))
        {
            return new MariaDbGtid((uint)domain, (uint)server, sequence);
        }

        throw new BinlogPositionFormatException(
            $"'{part}' in the MariaDB GTID position '{text}' is not a GTID like 0-1-100", ExpectedForm, text);
    }

    private static bool TryParseDigits(string digits, out ulong value)
    {
        value = 0;
        return digits.Length > 0
            && digits.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0
            && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private int Find(uint domain)
    {
        int lo = 0, hi = _entries.Length - 1;
        while (lo <= hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            var order = _entries[mid].Domain.CompareTo(domain);
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
