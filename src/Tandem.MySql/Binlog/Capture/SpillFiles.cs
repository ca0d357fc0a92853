using System.Diagnostics;
using Tandem.Core.Files;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// Spill files are deleted when their transaction is done; a process killed mid-transaction leaves its file behind.
/// Names carry the owner's pid (txn-PID-GUID.spill), so a later capture removes those whose owner is gone. They hold
/// raw row data, so they live in a private directory (see <see cref="PrivateFiles"/>) and are 0600.
/// </summary>
internal static class SpillFiles
{
    /// <summary>The settings that choose the directory, as errors name them.</summary>
    public const string DirectorySetting = "spill_dir in the task or link file (--spill-dir for tandem tail)";

    private static readonly TimeSpan MinimumAge = TimeSpan.FromHours(1);

    /// <summary>
    /// The default directory: one per user under the temporary directory, so users never share one (a shared one would
    /// let any of them read, replace or delete the others' rows).
    /// </summary>
    public static string DefaultDirectory => Path.Combine(Path.GetTempPath(), PrivateFiles.EffectiveUserId is { } uid ? $"tandem-spill-{uid}" : "tandem-spill");

    /// <summary>Creates the directory 0700, or refuses one this user does not own or others may write to.</summary>
    public static void EnsureDirectory(string directory) => PrivateFiles.EnsureDirectory(directory, "spill directory", DirectorySetting);

    /// <summary>A new spill file, 0600, deleted when closed.</summary>
    public static FileStream Create(string directory, int bufferBytes) =>
        PrivateFiles.Open(NewPath(directory), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, bufferBytes, FileOptions.Asynchronous | FileOptions.DeleteOnClose);

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
