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

    private static Dictionary<uint, ulong> Sequences(string text)
    {
        var sequences = new Dictionary<uint, ulong>();
        foreach (var triple in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = triple.Split('-');
            if (parts.Length != 3
                || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var domain)
                || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                throw new FormatException($"'{triple}' is not a MariaDB GTID (domain-server-sequence) in '{text}'");
            }

            sequences[domain] = Math.Max(sequence, sequences.GetValueOrDefault(domain));
        }

        return sequences;
    }
}
