using System.Runtime.InteropServices;

namespace Tandem.Cli.Signals;

/// <summary>
/// Undoes an inherited "ignore SIGINT". A shell without job control (a script, CI, <c>nohup cmd &amp;</c>) starts
/// background commands with SIGINT and SIGQUIT ignored (POSIX Shell Command Language, 2.11 "Signals and Error
/// Handling": https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_12), and the .NET
/// runtime keeps an ignored SIGINT ignored even when the program asks for it, so `kill -INT` of a backgrounded
/// `tandem run` did nothing at all. A user who sends Tandem SIGINT means "stop cleanly", as for TiCDC or any Go
/// program that asks for the signal; restoring the default before the handler is registered gives them that.
/// </summary>
internal static class InheritedSignalIgnore
{
    private const int SigInt = 2;
    private static readonly IntPtr DefaultAction = IntPtr.Zero;

    /// <summary>Call before registering the SIGINT handler (Console.CancelKeyPress).</summary>
    public static void RestoreSigInt()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
            _ = Signal(SigInt, DefaultAction);
    }

    // signal(2) is enough here: one call at start, before any thread could race it; sigaction(2) would need the
    // platform's struct layout.
    [DllImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static extern IntPtr Signal(int signal, IntPtr handler);
}
