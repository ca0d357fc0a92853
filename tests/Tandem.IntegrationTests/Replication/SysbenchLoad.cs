using System.Diagnostics;

namespace Tandem.IntegrationTests.Replication;

/// <summary>sysbench's OLTP tables and write load on a test server (sysbench is installed by scripts/setup).</summary>
internal static class SysbenchLoad
{
    public static Task PrepareAsync(int port, string database, int tables, int tableSize, CancellationToken ct = default) =>
        RunAsync(Arguments(port, database, tables, tableSize, ["prepare"]), ct);

    /// <summary>oltp_write_only for <paramref name="seconds"/> (each transaction: two updates, a delete and an insert by id).</summary>
    public static Task WriteAsync(int port, string database, int tables, int tableSize, int seconds, int threads = 2, int rate = 0, CancellationToken ct = default) =>
        RunAsync(Arguments(port, database, tables, tableSize, [$"--time={seconds}", $"--threads={threads}", $"--rate={rate}", "--report-interval=0", "run"]), ct);

    /// <summary>
    /// oltp_write_only on two threads at <paramref name="rate"/> transactions a second until <paramref name="stop"/> (at
    /// most ten minutes): the load a test keeps up beside a fault and ends when the fault is over.
    /// </summary>
    public static async Task WriteUntilStoppedAsync(int port, string database, int tables, int tableSize, int rate, CancellationToken stop)
    {
        try
        {
            await WriteAsync(port, database, tables, tableSize, seconds: 600, threads: 2, rate: rate, ct: stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static List<string> Arguments(int port, string database, int tables, int tableSize, IEnumerable<string> tail) =>
    [
        "oltp_write_only", "--db-driver=mysql", "--mysql-host=127.0.0.1", $"--mysql-port={port}", "--mysql-user=root",
        $"--mysql-db={database}", $"--tables={tables}", $"--table-size={tableSize}", "--rand-type=uniform", .. tail,
    ];

    private static async Task RunAsync(IEnumerable<string> arguments, CancellationToken ct)
    {
        var info = new ProcessStartInfo("sysbench") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("sysbench did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"sysbench {string.Join(' ', info.ArgumentList)} exited {process.ExitCode}: {await stderr}{await stdout}");
    }
}
