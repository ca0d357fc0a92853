using System.Globalization;
using Tandem.Core.Errors;

namespace Tandem.Core.Files;

/// <summary>
/// The one way Tandem makes the directories and files that hold row data or credentials (spill files, schema history,
/// verify journals, fix SQL, the playground's task file): directories 0700, files 0600, and an existing directory
/// refused unless this user owns it and nobody else can write to it, since whoever can write to a directory can
/// replace the files in it that Tandem reads back.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode DirectoryPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode WritableByOthers = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The effective user id of this process, for per-user default paths; null where it cannot be read (not Linux).</summary>
    public static uint? EffectiveUserId => UnixFileStatus.EffectiveUserId;

    /// <summary>
    /// Makes <paramref name="path"/> a private directory: creates it (and any missing parent) 0700, or checks the one
    /// there. <paramref name="what"/> names it in errors ("spill directory"); <paramref name="setting"/> is the key or
    /// option that chooses another ("spill_dir in the task file, --spill-dir for tandem tail").
    /// </summary>
    public static void EnsureDirectory(string path, string what, string setting)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
            return;
        }

        var status = UnixFileStatus.Read(full);
        if (status is null && !Directory.Exists(full))
        {
            CreateMissing(full);
            status = UnixFileStatus.Read(full);
        }

        if (status is not { } found)
        {
            // Not Linux: no owner to read, so the mode alone decides.
            Check(full, what, setting, null, File.GetUnixFileMode(full));
            return;
        }

        if (found.IsSymbolicLink)
        {
            // A link is as safe as whoever can change it: this user or root, and then its target is what counts.
            if (found.Uid != UnixFileStatus.EffectiveUserId && found.Uid != 0)
                throw NotOwned(full, what, setting, found.Uid, "a symbolic link ");
            found = UnixFileStatus.Read(full, followLinks: true)
                ?? throw new TandemException($"{what} {full} is a symbolic link to nothing", $"point it at a directory, or choose another directory with {setting}");
        }

        if (!found.IsDirectory)
            throw new TandemException($"{what} {full} is not a directory", $"choose a directory with {setting}");
        if (found.Uid != UnixFileStatus.EffectiveUserId)
            throw NotOwned(full, what, setting, found.Uid, string.Empty);
        Check(full, what, setting, found.Uid, found.Mode);
    }

    /// <summary>
    /// Opens <paramref name="path"/> as a private file: created 0600, and an existing file that group or others may
    /// read is narrowed to its owner's bits before anything is written to it.
    /// </summary>
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share = FileShare.Read, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        var creates = mode is not (FileMode.Open or FileMode.Truncate);
        var settings = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize, Options = options };
        if (OperatingSystem.IsWindows())
            return new FileStream(path, settings);
        if (creates)
            settings.UnixCreateMode = FilePermissions;
        var stream = new FileStream(path, settings);

        try
        {
            var current = File.GetUnixFileMode(stream.SafeFileHandle);
            if ((current & GroupOrOthers) != 0)
                File.SetUnixFileMode(stream.SafeFileHandle, current & ~GroupOrOthers);
            return stream;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            stream.Dispose();
            throw new TandemException($"{path} is readable by group or others and cannot be made private: {ex.Message}",
                $"it holds row data or credentials: run chmod 0600 '{path}', or remove it", ex);
        }
    }

    /// <summary>Creates the parent directory of a file the user chose, 0700 if it is missing; an existing one is the user's choice and left as it is.</summary>
    public static void CreateParent(string filePath)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(filePath)) is { } directory && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(directory);
            else
                CreateMissing(directory);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CreateMissing(string full)
    {
        // Each missing level is made 0700 by this process (Directory.CreateDirectory's mode would cover only some).
        if (Path.GetDirectoryName(full) is { } parent && !Directory.Exists(parent))
            CreateMissing(parent);
        if (!Directory.Exists(full))
            Directory.CreateDirectory(full, DirectoryPermissions);
    }

    private static void Check(string full, string what, string setting, uint? uid, UnixFileMode mode)
    {
        if ((mode & WritableByOthers) == 0)
            return;
        var who = (mode & WritableByOthers) == WritableByOthers ? "its group and others" : (mode & UnixFileMode.GroupWrite) != 0 ? "its group" : "others";
        throw new TandemException(
            $"{what} {full} is writable by {who} (mode {Octal(mode)}{(uid is { } owner ? $", owner {Owner(owner)}" : string.Empty)})",
            $"whoever can write there can replace or delete the files Tandem reads back: run chmod 0700 '{full}', or choose another directory with {setting}");
    }

    private static TandemException NotOwned(string full, string what, string setting, uint uid, string kind) =>
        new($"{what} {full} is {kind}owned by {Owner(uid)}, not by the user Tandem runs as ({Owner(UnixFileStatus.EffectiveUserId ?? 0)})",
            $"Tandem keeps row data there and must own it: remove it or chown it to this user, or choose another directory with {setting}");

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8).PadLeft(3, '0');

    private static string Owner(uint uid)
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var fields = line.Split(':');
                if (fields.Length > 2 && fields[2] == uid.ToString(CultureInfo.InvariantCulture))
                    return $"{fields[0]} (uid {uid})";
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return $"uid {uid}";
    }
}
