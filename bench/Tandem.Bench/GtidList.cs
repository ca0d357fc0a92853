using System.Globalization;

namespace Tandem.Bench;

/// <summary>
/// A MariaDB GTID position (<c>@@gtid_binlog_pos</c>, <c>@@gtid_slave_pos</c>): one domain-server-sequence triple per
/// replication domain, comma-separated. Sequence numbers grow within a domain, so one position has reached another when
/// each of the other's domains is there with a sequence number at least as high.
/// </summary>
internal sealed record GtidList(string Text)
{
    public bool HasReached(GtidList other)
    {
        var mine = Sequences(Text);
        foreach (var (domain, sequence) in Sequences(other.Text))
        {
            if (!mine.TryGetValue(domain, out var reached) || reached < sequence)
                return false;
        }

        return true;
    }

    /// <summary>The highest sequence number of domain 0 (the only one the sandbox servers write), or 0.</summary>
    public ulong DomainZeroSequence => Sequences(Text).GetValueOrDefault(0u);

    public override string ToString() => Text.Length == 0 ? "(empty)" : Text;

    /// <summary>
    /// Both positions in one: every domain of either, with the GTID of the higher sequence number where both have it.
    /// The start of a replica of a server that writes a binlog of its own: its <c>gtid_slave_pos</c> must hold its own
    /// domain too, or MariaDB refuses it (error 1948) with gtid_strict_mode on.
    /// </summary>
    public GtidList Union(GtidList other)
    {
        var union = new SortedDictionary<uint, (ulong Sequence, string Gtid)>();
        foreach (var (domain, sequence, gtid) in Parse(Text).Concat(Parse(other.Text)))
        {
            if (!union.TryGetValue(domain, out var kept) || kept.Sequence < sequence)
                union[domain] = (sequence, gtid);
        }

        return new GtidList(string.Join(',', union.Values.Select(v => v.Gtid)));
    }

    private static Dictionary<uint, ulong> Sequences(string text)
    {
        var sequences = new Dictionary<uint, ulong>();
        foreach (var (domain, sequence, _) in Parse(text))
            sequences[domain] = Math.Max(sequence, sequences.GetValueOrDefault(domain));
        return sequences;
    }

    private static IEnumerable<(uint Domain, ulong Sequence, string Gtid)> Parse(string text)
    {
        foreach (var triple in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = triple.Split('-');
            if (parts.Length != 3
                || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var domain)
                || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                throw new FormatException($"'{triple}' is not a MariaDB GTID (domain-server-sequence) in '{text}'");
            }

            yield return (domain, sequence, triple);
        }
    }
}
