using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>
/// The copy tools a DBA would use instead of Tandem, each run with its defaults apart from what names the servers, the
/// databases and the thread count:
/// <c>mariadb-dump --single-transaction --databases ... | mariadb</c> (one stream), and <c>mydumper -t T</c> into a
/// directory followed by <c>myloader -t T</c>. Wall time, process start included; peak RSS from /usr/bin/time.
/// </summary>
internal static partial class CopyTools
{
    /// <summary><c>mariadb-dump | mariadb</c>; peak RSS of the dump and of the client that loads it.</summary>
    public static async Task<(TimeSpan Elapsed, double DumpPeakMiB, double LoadPeakMiB)> DumpPipeAsync(
        int sourcePort, int targetPort, IReadOnlyList<string> databases, CancellationToken ct)
    {
        var command =
            $"set -o pipefail; /usr/bin/time -f 'dump-peak-rss-kib %M' {DumpCommand(sourcePort, databases)} " +
            $"| /usr/bin/time -f 'load-peak-rss-kib %M' mariadb --no-defaults --host=127.0.0.1 --port={targetPort} --user=root";
        var outcome = await ProcessRunner.RunCheckedAsync("bash", ["-c", command], ct);
        return (outcome.Elapsed, Peak(outcome.StandardError, "dump"), Peak(outcome.StandardError, "load"));
    }

    public static string DumpCommand(int sourcePort, IReadOnlyList<string> databases) =>
        $"mariadb-dump --no-defaults --host=127.0.0.1 --port={sourcePort} --user=root --single-transaction --databases {string.Join(' ', databases)}";

    /// <summary><c>mydumper</c> of <paramref name="databases"/> into <paramref name="directory"/> (made anew).</summary>
    public static async Task<(TimeSpan Elapsed, double PeakMiB)> MydumperAsync(
        int sourcePort, IReadOnlyList<string> databases, int threads, string directory, CancellationToken ct)
    {
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        var outcome = await ProcessRunner.RunCheckedAsync(
            "/usr/bin/time", ["-f", "peak-rss-kib %M", .. MydumperArguments(sourcePort, databases, threads, directory)], ct);
        return (outcome.Elapsed, Peak(outcome.StandardError, null));
    }

    public static IReadOnlyList<string> MydumperArguments(int sourcePort, IReadOnlyList<string> databases, int threads, string directory) =>
    [
        "mydumper", "--host=127.0.0.1", $"--port={sourcePort}", "--user=root", $"--threads={threads}",
        $"--regex=^({string.Join('|', databases)})\\.", $"--outputdir={directory}",
    ];

    /// <summary><c>myloader</c> of the dump in <paramref name="directory"/> into the target.</summary>
    public static async Task<(TimeSpan Elapsed, double PeakMiB)> MyloaderAsync(int targetPort, int threads, string directory, CancellationToken ct)
    {
        var outcome = await ProcessRunner.RunCheckedAsync("/usr/bin/time", ["-f", "peak-rss-kib %M", .. MyloaderArguments(targetPort, threads, directory)], ct);
        return (outcome.Elapsed, Peak(outcome.StandardError, null));
    }

    public static IReadOnlyList<string> MyloaderArguments(int targetPort, int threads, string directory) =>
        ["myloader", "--host=127.0.0.1", $"--port={targetPort}", "--user=root", $"--threads={threads}", $"--directory={directory}"];

    /// <summary>The source's GTID position mydumper recorded in the dump's metadata file, or null when it has none.</summary>
    public static GtidList? DumpGtid(string directory)
    {
        var metadata = Path.Combine(directory, "metadata");
        if (!File.Exists(metadata))
            return null;
        var match = GtidLine().Match(File.ReadAllText(metadata));
        return match.Success ? new GtidList(match.Groups[1].Value.Trim()) : null;
    }

    public static async Task<string> VersionAsync(string tool, CancellationToken ct) =>
        (await ProcessRunner.RunCheckedAsync(tool, ["--version"], ct)).StandardOutput.Trim();

    private static double Peak(string stderr, string? prefix)
    {
        var regex = prefix is null ? PeakLine() : new Regex($@"{prefix}-peak-rss-kib (\d+)");
        var match = regex.Match(stderr);
        if (!match.Success)
            throw new InvalidOperationException($"no peak RSS from /usr/bin/time:{Environment.NewLine}{stderr}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 1024.0;
    }

    [GeneratedRegex(@"^peak-rss-kib (\d+)", RegexOptions.Multiline)]
    private static partial Regex PeakLine();

    [GeneratedRegex(@"GTID:\s*([0-9,\- ]+)")]
    private static partial Regex GtidLine();
}
