using System.Globalization;

namespace Tandem.MySql.Schema.History;

/// <summary>
/// A binlog position: file name and byte offset. Positions order by the file's numeric suffix
/// ("mysql-bin.000123" → 123), then by offset, so a rotation to a new file always sorts later.
/// </summary>
public readonly record struct HistoryPosition(string File, long Offset) : IComparable<HistoryPosition>
{
    /// <summary>The number after the file name's last '.', or 0 when there is none.</summary>
    public long FileSequence =>
        File.LastIndexOf('.') is var dot and >= 0 && long.TryParse(File.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : 0;

    public int CompareTo(HistoryPosition other)
    {
        var byFile = FileSequence.CompareTo(other.FileSequence);
        return byFile != 0 ? byFile : Offset.CompareTo(other.Offset);
    }

    public static bool operator <(HistoryPosition left, HistoryPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(HistoryPosition left, HistoryPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(HistoryPosition left, HistoryPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(HistoryPosition left, HistoryPosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{File}:{Offset}";
}
