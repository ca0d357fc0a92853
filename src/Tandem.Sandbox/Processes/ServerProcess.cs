using System.Diagnostics;
using System.Globalization;

namespace Tandem.Sandbox.Processes;

/// <summary>
/// A long-running server started under <see cref="WatchdogScript"/>. Exit is observed on the
/// wrapper, which outlives the server by exactly its own cleanup.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    /// <summary>Name of the pid file each server writes next to its data, read by sweeps.</summary>
    public const string PidFileName = "tandem-server.pid";

    private readonly Process _wrapper;

    private ServerProcess(Process wrapper, int serverPid)
    {
        _wrapper = wrapper;
        ProcessId = serverPid;
    }

    public int ProcessId { get; }

    public bool HasExited => _wrapper.HasExited;

    /// <summary>
    /// Starts <paramref name="command"/> as a server owned by <paramref name="ownerPid"/>.
    /// The wrapper runs in its own session (setsid) so a terminal Ctrl-C reaches only the owner,
    /// which then decides how to stop the servers.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        int ownerPid,
        string pidFile,
        string consoleLog,
        int ownerDeathSignal,
        IReadOnlyList<string> command,
        string workingDirectory,
        CancellationToken ct)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add("bash");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(WatchdogScript.Text);
        info.ArgumentList.Add("tandem-watchdog");
        info.ArgumentList.Add(ownerPid.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(pidFile);
        info.ArgumentList.Add(consoleLog);
        info.ArgumentList.Add(ownerDeathSignal.ToString(CultureInfo.InvariantCulture));
        foreach (var part in command)
            info.ArgumentList.Add(part);

        var wrapper = Process.Start(info) ?? throw new InvalidOperationException("Could not start the server wrapper.");
        wrapper.StandardInput.Close();
        // Drain stderr so the wrapper can never block on a full pipe.
        wrapper.ErrorDataReceived += (_, _) => { };
        wrapper.BeginErrorReadLine();

        var line = await wrapper.StandardOutput.ReadLineAsync(ct);
        if (line is null || !int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            wrapper.Dispose();
            throw new InvalidOperationException($"The server wrapper did not report a pid for {command[0]}.");
        }

        return new ServerProcess(wrapper, pid);
    }

    public bool Signal(int signal) => NativeSignals.Send(ProcessId, signal);

    public Task WaitForExitAsync(CancellationToken ct) => _wrapper.WaitForExitAsync(ct);

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then SIGKILL.</summary>
    public async Task StopAsync(int signal, TimeSpan grace, CancellationToken ct)
    {
        if (HasExited)
            return;
        Signal(signal);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(grace);
        try
        {
            await WaitForExitAsync(timeout.Token);
            return;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Grace period over: fall through to SIGKILL.
        }

        await KillAsync(ct);
    }

    public async Task KillAsync(CancellationToken ct)
    {
        Signal(NativeSignals.SigKill);
        await WaitForExitAsync(ct);
    }

    public void Dispose() => _wrapper.Dispose();
}
