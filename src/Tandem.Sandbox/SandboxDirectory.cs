using System.Globalization;
using Tandem.Sandbox.Processes;

namespace Tandem.Sandbox;

/// <summary>
/// A throw-away directory holding one or more local servers. It records its owner process so that
/// sandboxes left by a killed run can be found and swept, and deletes itself on dispose unless
/// <see cref="Keep"/> is set.
/// </summary>
public sealed class SandboxDirectory : IAsyncDisposable
{
    internal const string OwnerFileName = "owner.pid";

    // A marker rather than only a flag, so a sweep by a later process also leaves kept sandboxes be.
    internal const string KeepFileName = "keep";

    private const UnixFileMode TraversableMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private bool _keep;
    private int _disposed;

    private SandboxDirectory(string path, bool keep, int ownerProcessId)
    {
        Path = path;
        OwnerProcessId = ownerProcessId;
        Keep = keep;
    }

    /// <summary>Where sandboxes without an explicit path go: $TMPDIR/tandem-sandbox or /tmp/tandem-sandbox.</summary>
    public static string DefaultRoot => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tandem-sandbox");

    public string Path { get; }

    /// <summary>The process whose death takes this sandbox's servers down (see <see cref="WatchdogScript"/>).</summary>
    public int OwnerProcessId { get; }

    public bool Keep
    {
        get => _keep;
        set
        {
            _keep = value;
            var marker = System.IO.Path.Combine(Path, KeepFileName);
            if (value)
                File.WriteAllText(marker, "kept by request\n");
            else
                File.Delete(marker);
        }
    }

    /// <summary>
    /// Creates a sandbox at <paramref name="path"/>, or a fresh directory under <see cref="DefaultRoot"/>.
    /// An existing path is reused (so a kept playground can be started again) unless a live process owns it.
    /// </summary>
    public static SandboxDirectory Create(string? path = null, bool keep = false) =>
        Create(path, keep, ProcessIdentity.Current);

    /// <summary>Creates a sandbox owned by another process; tests use it to prove the watchdog.</summary>
    internal static SandboxDirectory Create(string? path, bool keep, int ownerProcessId) =>
        Create(path, keep, ProcessIdentity.Of(ownerProcessId)
            ?? throw new ArgumentException($"Process {ownerProcessId} does not exist.", nameof(ownerProcessId)));

    private static SandboxDirectory Create(string? path, bool keep, ProcessIdentity owner)
    {
        string fullPath;
        if (path is null)
        {
            var root = DefaultRoot;
            CreateTraversable(root);
            // Short names keep Unix socket paths well under the 108-byte sun_path limit.
            fullPath = System.IO.Path.Combine(root, $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        }
        else
        {
            fullPath = System.IO.Path.GetFullPath(path);
            var previous = ReadOwner(fullPath);
            if (previous is { } other && other.Pid != owner.Pid && other.IsAlive())
                throw new InvalidOperationException($"Sandbox {fullPath} is in use by process {other.Pid}.");
        }

        CreateTraversable(fullPath);
        File.WriteAllText(System.IO.Path.Combine(fullPath, OwnerFileName), owner + "\n");
        var directory = new SandboxDirectory(fullPath, keep, owner.Pid);
        SandboxCleanup.Register(directory);
        return directory;
    }

    /// <summary>
    /// Removes sandboxes under <paramref name="root"/> (default <see cref="DefaultRoot"/>) whose owner
    /// process is dead, killing any server still running in them first. Kept sandboxes lose their
    /// servers but not their files. Returns how many sandboxes were removed.
    /// </summary>
    public static int SweepStale(string? root = null)
    {
        root ??= DefaultRoot;
        if (!Directory.Exists(root))
            return 0;

        var removed = 0;
        foreach (var candidate in Directory.EnumerateDirectories(root))
        {
            var owner = ReadOwner(candidate);
            if (owner is null)
            {
                // Never got an owner file: a creation that died half-way, or one racing us right
                // now. Only the former is old.
                if (Directory.GetLastWriteTimeUtc(candidate) > DateTime.UtcNow.AddMinutes(-10))
                    continue;
            }
            else if (owner.Value.IsAlive())
            {
                continue;
            }

            KillServers(candidate);
            if (File.Exists(System.IO.Path.Combine(candidate, KeepFileName)))
                continue;
            if (TryDelete(candidate))
                removed++;
        }

        return removed;
    }

    public ValueTask DisposeAsync()
    {
        SandboxCleanup.Unregister(this);
        CleanUpNow();
        return ValueTask.CompletedTask;
    }

    /// <summary>Synchronous so ProcessExit handlers can call it.</summary>
    internal void CleanUpNow()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || Keep)
            return;
        // Deleting files under a running server would make it fail in confusing ways first.
        KillServers(Path);
        TryDelete(Path);
    }

    private static ProcessIdentity? ReadOwner(string directory)
    {
        try
        {
            return ProcessIdentity.Parse(File.ReadAllText(System.IO.Path.Combine(directory, OwnerFileName)));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// SIGKILLs every server whose pid file lies under <paramref name="directory"/> and waits for them
    /// to go. A pid is only trusted if its command line names the directory: pids get recycled.
    /// </summary>
    private static void KillServers(string directory)
    {
        IEnumerable<string> pidFiles;
        try
        {
            pidFiles = Directory.EnumerateFiles(directory, ServerProcess.PidFileName, new EnumerationOptions
            {
                RecurseSubdirectories = true,
                MaxRecursionDepth = 2,
                IgnoreInaccessible = true,
            }).ToList();
        }
        catch (IOException)
        {
            return;
        }

        var killed = new List<int>();
        foreach (var pidFile in pidFiles)
        {
            if (!int.TryParse(SafeRead(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            if (!SafeRead($"/proc/{pid}/cmdline").Contains(directory, StringComparison.Ordinal))
                continue;
            if (NativeSignals.Send(pid, NativeSignals.SigKill))
                killed.Add(pid);
        }

        // SIGKILL is asynchronous; wait (bounded) until the kernel has torn the processes down so
        // their files can be deleted.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (killed.Exists(ProcessIdentity.IsRunning) && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static bool TryDelete(string path)
    {
        // A dying server may still remove its socket or pid file while we walk the tree.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                    Directory.Delete(path, recursive: true);
                return true;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        return false;
    }

    private static void CreateTraversable(string path)
    {
        // Servers that refuse to run as root (PostgreSQL) run as another user and must be able to
        // walk down to their own subdirectory.
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, TraversableMode);
    }
}
