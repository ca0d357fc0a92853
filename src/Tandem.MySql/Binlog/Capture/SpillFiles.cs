using System.Diagnostics;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// Spill files are deleted when their transaction is done; a process killed mid-transaction leaves its file behind.
/// Names carry the owner's pid (txn-PID-GUID.spill), so a later capture removes those whose owner is gone.
/// </summary>
internal static class SpillFiles
{
    private static readonly TimeSpan MinimumAge = TimeSpan.FromHours(1);

    public static string NewPath(string directory) => Path.Combine(directory, $"txn-{Environment.ProcessId}-{Guid.NewGuid():N}.spill");

    public static int SweepOrphans(string directory)
    {
        if (!Directory.Exists(directory))
            return 0;

        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "txn-*.spill"))
        {
            var parts = Path.GetFileNameWithoutExtension(path).Split('-');
            // Also old enough: a pid from another PID namespace sharing this directory may look dead while its owner runs.
            if (parts.Length != 3 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var pid) || IsAlive(pid)
                || DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < MinimumAge)
                continue;
            try
            {
                File.Delete(path);
                removed++;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return removed;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
