using System.Globalization;

namespace Tandem.MySql.Binlog.Positions;

/// <summary>
/// A position in the binary log as <c>file:offset</c>, e.g. <c>mysql-bin.000010:4</c> (4 is the first event of a file).
/// Ordered by file then offset; files of one base name order by their numeric extension, so
/// <c>mysql-bin.000009</c> &lt; <c>mysql-bin.000010</c> and <c>mysql-bin.999999</c> &lt; <c>mysql-bin.1000000</c>;
/// files of different base names order by their full names.
/// </summary>
public readonly record struct BinlogFilePosition(string File, long Offset) : IComparable<BinlogFilePosition>, IComparable
{
    private const string ExpectedForm = "a binlog position is file:offset, e.g. mysql-bin.000010:4, with a non-negative offset";

    /// <exception cref="BinlogPositionFormatException">The text is not <c>file:offset</c>.</exception>
    public static BinlogFilePosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var colon = trimmed.LastIndexOf(':');
        if (colon <= 0)
        {
            throw new BinlogPositionFormatException($"the binlog position '{text}' has no file name before ':offset'", ExpectedForm, text);
        }

        var offsetText = trimmed[(colon + 1)..];
        if (offsetText.Length == 0
            || offsetText.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0
            || !long.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            throw new BinlogPositionFormatException($"the offset '{offsetText}' of the binlog position '{text}' is not a number", ExpectedForm, text);
        }

        return new BinlogFilePosition(trimmed[..colon], offset);
    }

    public override string ToString() => $"{File}:{Offset}";

    public int CompareTo(BinlogFilePosition other)
    {
        var byFile = CompareFiles(File ?? string.Empty, other.File ?? string.Empty);
        return byFile != 0 ? byFile : Offset.CompareTo(other.Offset);
    }

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        BinlogFilePosition other => CompareTo(other),
        _ => throw new ArgumentException($"a {nameof(BinlogFilePosition)} compares only with another", nameof(obj)),
    };

    public static bool operator <(BinlogFilePosition left, BinlogFilePosition right) => left.CompareTo(right) < 0;

    public static bool operator <=(BinlogFilePosition left, BinlogFilePosition right) => left.CompareTo(right) <= 0;

    public static bool operator >(BinlogFilePosition left, BinlogFilePosition right) => left.CompareTo(right) > 0;

    public static bool operator >=(BinlogFilePosition left, BinlogFilePosition right) => left.CompareTo(right) >= 0;

    private static int CompareFiles(string left, string right)
    {
        var leftDot = left.LastIndexOf('.');
        var rightDot = right.LastIndexOf('.');
        if (leftDot >= 0 && rightDot >= 0
            && left.AsSpan(0, leftDot).SequenceEqual(right.AsSpan(0, rightDot))
            && IsDigits(left.AsSpan(leftDot + 1)) && IsDigits(right.AsSpan(rightDot + 1)))
        {
            // Compare the numbers as digit strings so any length works: fewer significant digits is smaller.
            var l = left.AsSpan(leftDot + 1).TrimStart('0');
            var r = right.AsSpan(rightDot + 1).TrimStart('0');
            var byLength = l.Length.CompareTo(r.Length);
            if (byLength != 0)
            {
                return byLength;
            }

            var byDigits = l.SequenceCompareTo(r);
            return byDigits != 0 ? Math.Sign(byDigits) : string.CompareOrdinal(left, right);
        }

        return Math.Sign(string.CompareOrdinal(left, right));
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => text.Length > 0 && text.IndexOfAnyExceptInRange('0', '9') < 0;
}
