using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>
/// A tool run under <c>/usr/bin/time</c>, which prints the CPU time and peak RSS the tool used to stderr, after the
/// tool's own output: the line <c>tool-cpu USER SYSTEM PEAK_KIB</c>.
/// </summary>
internal static partial class ToolCpu
{
    public static IReadOnlyList<string> Wrap(string tool, IEnumerable<string> arguments) =>
        ["-f", "tool-cpu %U %S %M", tool, .. arguments];

    /// <summary>The tool's user + system CPU seconds and its peak RSS in MiB.</summary>
    public static (double CpuSeconds, double PeakMiB) Parse(string stderr)
    {
        var match = Line().Match(stderr);
        if (!match.Success)
            throw new InvalidOperationException($"no 'tool-cpu' line from /usr/bin/time:{Environment.NewLine}{stderr}");
        return (
            double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) / 1024.0);
    }

    [GeneratedRegex(@"^tool-cpu ([\d.]+) ([\d.]+) (\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Line();
}
