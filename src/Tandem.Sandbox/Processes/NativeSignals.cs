using System.Runtime.InteropServices;

namespace Tandem.Sandbox.Processes;

/// <summary>
/// Sends POSIX signals to processes that are not our children (the servers run under a watchdog
/// wrapper), which <see cref="System.Diagnostics.Process"/> cannot do beyond SIGKILL.
/// Synchronous on purpose: it must also work inside ProcessExit handlers.
/// </summary>
internal static partial class NativeSignals
{
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>Sends <paramref name="signal"/>; false when the process no longer exists.</summary>
    public static bool Send(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
