using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>
/// The C tool: <c>mariadb-binlog --read-from-remote-server --base64-output=decode-rows --verbose</c> reads the backlog as
/// a replica and decodes every row into pseudo-SQL (<c>### UPDATE ... ### WHERE ... ### SET ...</c>), the standard
/// tool closest to what Tandem does. --start-position applies to the first file, --stop-position to the last.
/// </summary>
internal static partial class MariaDbBinlogLoad
{
    /// <summary>Wall time (process start included) and peak RSS of reading the backlog to /dev/null.</summary>
    public static async Task<(TimeSpan Elapsed, double PeakMiB)> RunAsync(int port, CaptureBacklog backlog, CancellationToken ct)
    {
        // sh only redirects; exec hands over to /usr/bin/time, which reports mariadb-binlog's peak RSS on stderr.
        var command = $"exec /usr/bin/time -f 'peak-rss-kib %M' {Command(port, backlog)} > /dev/null";
        var outcome = await ProcessRunner.RunCheckedAsync("sh", ["-c", command], ct);
        var match = PeakLine().Match(outcome.StandardError);
        if (!match.Success)
            throw new InvalidOperationException($"no peak RSS from /usr/bin/time:{Environment.NewLine}{outcome.StandardError}");
        return (outcome.Elapsed, long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 1024.0);
    }

    /// <summary>The rows it decodes (one <c>### INSERT INTO</c>, <c>### UPDATE</c> or <c>### DELETE FROM</c> each): a cross-check of Tandem's count.</summary>
    public static async Task<long> CountRowsAsync(int port, CaptureBacklog backlog, CancellationToken ct)
    {
        var command = $"{Command(port, backlog)} | grep -c -E '^### (INSERT INTO|UPDATE|DELETE FROM) '";
        var outcome = await ProcessRunner.RunCheckedAsync("sh", ["-c", command], ct);
        return long.Parse(outcome.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }

    public static string Command(int port, CaptureBacklog backlog) =>
        $"mariadb-binlog --no-defaults --read-from-remote-server --host=127.0.0.1 --port={port} --user=root " +
        $"--base64-output=decode-rows --verbose --start-position={backlog.Start.Offset} --stop-position={backlog.End.Offset} " +
        string.Join(' ', backlog.Files);

    [GeneratedRegex(@"peak-rss-kib (\d+)")]
    private static partial Regex PeakLine();
}
