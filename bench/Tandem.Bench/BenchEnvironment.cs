using System.Runtime.InteropServices;
using Tandem.Sandbox;

namespace Tandem.Bench;

/// <summary>What the figures were measured on.</summary>
internal sealed record BenchEnvironment(
    int Cores, string Memory, string Cpu, string Kernel, string Runtime, string ServerVersion, string Sysbench, string MariaDbClient, string Commit)
{
    public static async Task<BenchEnvironment> CaptureAsync(LocalMariaDb server, CancellationToken ct)
    {
        var version = (await server.ExecuteSqlAsync("SELECT VERSION();", ct)).Trim();
        var sysbench = (await ProcessRunner.RunAsync("sysbench", ["--version"], ct)).StandardOutput.Trim();
        var client = (await ProcessRunner.RunAsync("mariadb", ["--version"], ct)).StandardOutput.Trim();
        var head = (await ProcessRunner.RunAsync("git", ["rev-parse", "--short", "HEAD"], ct)).StandardOutput.Trim();
        // bench/RESULTS.md is what the benchmarks write, not what they measure: an earlier run's section there is no
        // uncommitted change to the code.
        var dirty = (await ProcessRunner.RunAsync("git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)bench/RESULTS.md"], ct)).StandardOutput.Trim();
        return new BenchEnvironment(
            Environment.ProcessorCount,
            ProcLine("/proc/meminfo", "MemTotal:"),
            ProcLine("/proc/cpuinfo", "model name"),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            version,
            sysbench,
            client,
            dirty.Length == 0 ? head : head + " + uncommitted changes");
    }

    private static string ProcLine(string path, string prefix)
    {
        try
        {
            var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
