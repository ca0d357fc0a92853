using System.Globalization;
using System.Text;

namespace Tandem.Bench;

/// <summary>
/// bench/RESULTS.md: each benchmark owns the text between its begin and end markers and replaces it on every run;
/// text outside the markers (history, notes) is kept.
/// </summary>
internal static class ResultsFile
{
    /// <summary>Replaces the section from <paramref name="begin"/> to <paramref name="end"/>, or appends it when absent.</summary>
    public static async Task ReplaceSectionAsync(string path, string begin, string end, string section, CancellationToken ct)
    {
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : "# Benchmark results\n\n";
        var from = existing.IndexOf(begin, StringComparison.Ordinal);
        var to = existing.IndexOf(end, StringComparison.Ordinal);
        var updated = from >= 0 && to > from
            ? string.Concat(existing.AsSpan(0, from), section.TrimEnd('\n'), existing.AsSpan(to + end.Length))
            : existing.TrimEnd('\n') + "\n\n" + section;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, updated, ct);
    }

    /// <summary>Starts a generated section: its begin marker, when it ran, and the command that produced it.</summary>
    public static StringBuilder BeginSection(string begin, DateTimeOffset started, string command)
    {
        var md = new StringBuilder();
        md.AppendLine(begin);
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"### Latest run: {started:yyyy-MM-dd HH:mm zzz}"));
        md.AppendLine();
        md.AppendLine($"Command (from the repository root): `{command}` (generated; edits between the markers are overwritten)");
        md.AppendLine();
        return md;
    }
}
