using System.CommandLine;
using System.Runtime.InteropServices;
using Tandem.Cli.Commands;
using Tandem.Core.Errors;

namespace Tandem.Cli;

/// <summary>
/// The tandem executable. <see cref="RunAsync"/> is the whole command line minus the process: tests call it
/// with their own writers and token. Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
internal static class Program
{
    public static bool DebugRequested => Environment.GetEnvironmentVariable("TANDEM_DEBUG") is "1" or "true";

    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();

        // The first Ctrl-C or SIGTERM asks the command to stop cleanly; a second Ctrl-C kills the process
        // (the sandbox's exit handlers still remove its servers then).
        Signals.InheritedSignalIgnore.RestoreSigInt();
        Console.CancelKeyPress += (_, e) =>
        {
            if (stop.IsCancellationRequested)
                return;
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        var exit = await RunAsync(args, Console.Out, Console.Error, stop.Token);
        if (Environment.GetEnvironmentVariable("TANDEM_REPORT_PEAK_RSS") is "1" or "true")
            await Console.Error.WriteLineAsync($"tandem: peak RSS {PeakResidentBytes() / (1024.0 * 1024.0):0.0} MiB");
        return exit;
    }

    /// <summary>The process's high-water resident set (VmHWM), for benchmarks and memory tests; 0 where /proc is missing.</summary>
    private static long PeakResidentBytes()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
            return 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }

        return 0;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        var environment = new CliEnvironment(stdout, stderr);
        var root = new RootCommand("Tandem: database replication from MySQL, MariaDB and PostgreSQL binlogs and WAL")
        {
            CheckCommand.Create(environment),
            PlaygroundCommand.Create(environment),
            RunCommand.Create(environment),
            TailCommand.Create(environment),
            VerifyCommand.Create(environment),
        };
        root.Options.Add(CommonOptions.Verbose);

        var verbose = DebugRequested || args.Contains("--verbose") || args.Contains("-v");
        try
        {
            var parsed = root.Parse(args);
            var configuration = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };

            if (args.Length == 0)
            {
                await root.Parse(["--help"]).InvokeAsync(configuration, ct);
                return ExitCodes.Error;
            }

            if (parsed.Errors.Count > 0)
            {
                foreach (var error in parsed.Errors)
                    await ErrorReport.WriteAsync(stderr, error.Message, null);
                await stderr.WriteLineAsync($"hint: run 'tandem {parsed.CommandResult.Command.Name} --help' to see what it accepts".Replace("tandem tandem", "tandem", StringComparison.Ordinal));
                return ExitCodes.Error;
            }

            return await parsed.InvokeAsync(configuration, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("tandem: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            await ReportAsync(stderr, ex, verbose);
            return ExitCodes.Error;
        }
    }

    private static async Task ReportAsync(TextWriter stderr, Exception ex, bool verbose)
    {
        var hint = ex is TandemException tandem ? tandem.Hint : null;
        await ErrorReport.WriteAsync(stderr, ex.Message, hint);
        if (hint is null && !verbose && ex is not TandemException)
            await stderr.WriteLineAsync("hint: run again with --verbose (or TANDEM_DEBUG=1) for details");
        if (verbose)
            await stderr.WriteLineAsync(ex.ToString());
    }
}
