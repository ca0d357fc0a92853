using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>
/// Tandem's CLI: <c>tandem tail --format json</c> from the backlog's start to /dev/null, stopping after the backlog's
/// row changes (--max-events), with its peak RSS (TANDEM_REPORT_PEAK_RSS).
/// </summary>
internal static partial class TandemTailLoad
{
    public const string Dll = "src/Tandem/bin/Release/net10.0/tandem.dll";

    /// <summary>Builds the tandem executable the runs use, in Release.</summary>
    public static Task BuildAsync(CancellationToken ct) =>
        ProcessRunner.RunCheckedAsync("dotnet", ["build", "src/Tandem/Tandem.csproj", "-c", "Release", "--nologo", "-v", "quiet"], ct);

    /// <summary>Wall time (process start included) and peak RSS of printing <paramref name="rows"/> row changes to /dev/null.</summary>
    public static async Task<(TimeSpan Elapsed, double PeakMiB)> RunAsync(string uri, CaptureBacklog backlog, long rows, string historyDirectory, CancellationToken ct)
    {
        var outcome = await ProcessRunner.RunCheckedAsync(
            "sh", ["-c", $"exec {Command(uri, backlog, rows, historyDirectory)} > /dev/null"], ct, Environment());
        return (outcome.Elapsed, ParsePeak(outcome.StandardError));
    }

    /// <summary>The lines it prints: one per row change, a cross-check that --max-events stopped where it should.</summary>
    public static async Task<long> CountLinesAsync(string uri, CaptureBacklog backlog, long rows, string historyDirectory, CancellationToken ct)
    {
        var outcome = await ProcessRunner.RunCheckedAsync(
            "sh", ["-c", $"{Command(uri, backlog, rows, historyDirectory)} | wc -l"], ct, Environment());
        return long.Parse(outcome.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }

    public static string Command(string uri, CaptureBacklog backlog, long rows, string historyDirectory) =>
        $"dotnet {Dll} tail {uri} --from-file {backlog.Start.File} --from-pos {backlog.Start.Offset} --tables 'sbtest.*' " +
        $"--max-events {rows} --format json --schema-history '{historyDirectory}'";

    private static Dictionary<string, string> Environment() => new() { ["TANDEM_REPORT_PEAK_RSS"] = "1" };

    private static double ParsePeak(string stderr)
    {
        var match = PeakLine().Match(stderr);
        if (!match.Success)
            throw new InvalidOperationException($"tandem did not report its peak RSS:{System.Environment.NewLine}{stderr}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"tandem: peak RSS ([\d.]+) MiB")]
    private static partial Regex PeakLine();
}
