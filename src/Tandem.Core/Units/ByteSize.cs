using System.Globalization;
using Tandem.Core.Errors;

namespace Tandem.Core.Units;

/// <summary>Parses sizes as users write them: "1048576", "512k", "64MiB", "1.5G" (binary multiples: k = 1024).</summary>
public static class ByteSize
{
    public static long Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
            split++;
        var unit = trimmed[split..].Trim().ToUpperInvariant().Replace("IB", string.Empty, StringComparison.Ordinal).TrimEnd('B');
        var multiplier = unit switch
        {
            "" => 1L,
            "K" => 1L << 10,
            "M" => 1L << 20,
            "G" => 1L << 30,
            "T" => 1L << 40,
            _ => 0L,
        };
        if (multiplier == 0 || !double.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number < 0 || number * multiplier > long.MaxValue)
        {
            throw new TandemException($"{what} '{text}' is not a size", "write a size as a number of bytes or with a unit: 1048576, 512k, 64MiB, 2G");
        }

        return (long)(number * multiplier);
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.##} KiB",
        _ => $"{bytes} B",
    };
}
