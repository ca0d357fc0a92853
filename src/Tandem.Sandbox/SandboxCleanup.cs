namespace Tandem.Sandbox;

/// <summary>
/// Last-chance cleanup when the owning process exits without disposing its sandboxes (an unhandled
/// exception, SIGTERM, Ctrl-C). The watchdog of each server covers SIGKILL, which no handler sees.
/// </summary>
internal static class SandboxCleanup
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<SandboxDirectory> Live = [];
    private static bool _hooked;

    public static void Register(SandboxDirectory directory)
    {
        lock (Gate)
        {
            Live.Add(directory);
            if (_hooked)
                return;
            _hooked = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => CleanUpAll();
            Console.CancelKeyPress += (_, e) =>
            {
                // A handler that cancelled the key press keeps the process (and its servers) alive
                // to shut down in order; only clean up when the process is about to die.
                if (!e.Cancel)
                    CleanUpAll();
            };
        }
    }

    public static void Unregister(SandboxDirectory directory)
    {
        lock (Gate)
            Live.Remove(directory);
    }

    private static void CleanUpAll()
    {
        SandboxDirectory[] directories;
        lock (Gate)
        {
            directories = [.. Live];
            Live.Clear();
        }

        foreach (var directory in directories)
            directory.CleanUpNow();
    }
}
