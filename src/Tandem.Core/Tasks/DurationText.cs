using System.Globalization;

namespace Tandem.Core.Tasks;

/// <summary>Durations as users write them in task files and options: "20ms", "0.5s", "5s", "2m". A unit is required: "20" could mean either.</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
            split++;
        if (split == 0 || !double.TryParse(trimmed.AsSpan(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return false;
        double? milliseconds = trimmed[split..].Trim().ToLowerInvariant() switch
        {
            "ms" => number,
            "s" => number * 1_000,
            "m" or "min" => number * 60_000,
            "h" => number * 3_600_000,
            _ => null,
        };
        if (milliseconds is not { } ms || ms > TimeSpan.MaxValue.TotalMilliseconds)
            return false;
        duration = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    /// <summary>The shortest of the forms <see cref="TryParse"/> reads back: "20ms", "5s", "1.5s".</summary>
    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerSecond == 0
            ? $"{(long)duration.TotalSeconds}s"
            : $"{duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";
}
