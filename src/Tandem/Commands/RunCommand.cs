using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;
using Tandem.Cli.Check;
using Tandem.Cli.Run;
using Tandem.Cli.Run.Links;
using Tandem.Core.Errors;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.Core.Tasks.Links;
using Tandem.MySql.Protocol;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem run TASK.yaml [--metrics-port N] [--metrics-address A] [--status-interval 5s]</c>: run a task in the
/// foreground until Ctrl-C or SIGTERM (a clean stop, exit 0), the end of a full copy, or a failure (exit 1).
/// A task file that cannot be used is a usage error (exit 2) naming its line and key.
/// </summary>
internal static class RunCommand
{
    private static readonly TimeSpan ShortestInterval = TimeSpan.FromMilliseconds(100);

    public static Command Create(CliEnvironment environment)
    {
        var file = new Argument<string>("task-file") { Description = "The task's YAML file: name, source, target, tables, mode, ... (see docs/task-file.md); or a link file: servers and the directions between them (see docs/link-file.md)" };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve Prometheus metrics at http://ADDRESS:PORT/metrics (0: a free port, printed at start)" };
        var metricsAddress = new Option<string>("--metrics-address") { Description = "The address the metrics endpoint listens on (0.0.0.0 for every interface)", DefaultValueFactory = _ => "127.0.0.1" };
        var statusInterval = new Option<string>("--status-interval") { Description = "How often a status line is printed when the output is not a terminal", DefaultValueFactory = _ => "5s" };

        var command = new Command("run", "Run a replication task in the foreground: the full copy, then the change stream, with live progress")
        {
            file, metricsPort, metricsAddress, statusInterval,
        };

        command.SetAction(async (result, ct) =>
        {
            var interval = ParseInterval(result.GetValue(statusInterval)!);
            var port = result.GetValue(metricsPort);
            if (port is < 0 or > IPEndPoint.MaxPort)
                throw new CliUsageException($"--metrics-port {port} is not a TCP port", "give a port from 1 to 65535, or 0 for any free one");
            var address = ParseAddress(result.GetValue(metricsAddress)!);

            // A task or link file Tandem cannot use is a usage error: Program prints it with its hint and exits 2.
            var path = result.GetValue(file)!;

            // Read even when a stop came first: a run stopped before it began is a clean stop of that task or link.
            if (File.Exists(path) && LinkFileLoader.IsLinkFile(await File.ReadAllTextAsync(path, CancellationToken.None)))
            {
                var link = LinkFileLoader.Load(path, new TaskFileOptions { ValidateUri = ValidateUri });
                return await RunLinkAsync(environment, link, result.GetValue(CommonOptions.Verbose), port, address, interval, ct);
            }

            var task = TaskFileLoader.Load(path, new TaskFileOptions { ValidateUri = ValidateUri });

            using var loggers = environment.CreateLoggerFactory(result.GetValue(CommonOptions.Verbose));
            var logger = loggers.CreateLogger("tandem.run");
            var metrics = new ReplicationMetrics(task.Name);
            return await WithMetricsAsync(environment, port, address, [metrics], link: false, logger, () => RunTaskAsync(environment, task, metrics, logger, interval, ct));
        });
        return command;
    }

    private static async Task<int> RunTaskAsync(CliEnvironment environment, TaskDefinition task, ReplicationMetrics metrics, ILogger logger, TimeSpan interval, CancellationToken ct)
    {
        TandemException? failure = null;
        var finalPhase = TaskPhase.Failed;
        var display = ProgressDisplay.Start(environment, metrics, interval);
        try
        {
            await new TaskRunner(task, metrics, logger).RunAsync(ct);
            finalPhase = TaskPhase.Stopped;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: the runner stopped where it can resume; that is the ordinary way to end a task.
            finalPhase = TaskPhase.Stopped;
        }
        catch (TandemException ex) when (ex is not CliUsageException)
        {
            failure = ex;
        }
        finally
        {
            metrics.Phase = finalPhase;
            // The last status line goes out before any error, so the figures and the error read in order.
            await display.DisposeAsync();
        }

        return failure is null ? ExitCodes.Ok : await FailAsync(environment, failure);
    }

    /// <summary>
    /// A link file: every direction runs in this process, each with its own status line and, after it, a line of link
    /// figures (heartbeat lag, stall, conflicts, dropped own transactions).
    /// </summary>
    private static async Task<int> RunLinkAsync(CliEnvironment environment, LinkDefinition link, bool verbose, int? port, IPAddress address, TimeSpan interval, CancellationToken ct)
    {
        using var loggers = environment.CreateLoggerFactory(verbose);
        var logger = loggers.CreateLogger("tandem.link");
        var runner = new LinkRunner(link, logger);
        return await WithMetricsAsync(environment, port, address, runner.Metrics, link: true, logger, async () =>
        {
            var displays = new List<PlainProgressDisplay>();
            TandemException? failure = null;
            try
            {
                for (var i = 0; i < runner.Metrics.Count; i++)
                {
                    var index = i;
                    displays.Add(new PlainProgressDisplay(environment.Stdout, runner.Metrics[i], interval, TimeProvider.System, () => runner.StatusLine(index)));
                }

                await runner.RunAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C or SIGTERM: every direction stopped where it can resume.
            }
            catch (TandemException ex) when (ex is not CliUsageException)
            {
                failure = ex;
            }
            finally
            {
                foreach (var display in displays)
                    await display.DisposeAsync();
                foreach (var line in runner.SummaryLines())
                    await environment.Stdout.WriteLineAsync(line);
            }

            return failure is null ? ExitCodes.Ok : await FailAsync(environment, failure);
        });
    }

    /// <summary>
    /// Serves <paramref name="metrics"/> while <paramref name="run"/> runs, when --metrics-port was given; a port it
    /// cannot listen on fails the run (exit 1) before anything starts.
    /// </summary>
    private static async Task<int> WithMetricsAsync(CliEnvironment environment, int? port, IPAddress address, IReadOnlyList<ReplicationMetrics> metrics, bool link, ILogger logger, Func<Task<int>> run)
    {
        MetricsEndpoint? endpoint = null;
        try
        {
            if (port is { } listenPort)
            {
                try
                {
                    endpoint = MetricsEndpoint.Start(address, listenPort, metrics, link, logger);
                }
                catch (TandemException ex)
                {
                    return await FailAsync(environment, ex);
                }

                await environment.Stderr.WriteLineAsync($"tandem: metrics at {endpoint.Url}");
            }

            return await run();
        }
        finally
        {
            if (endpoint is not null)
                await endpoint.DisposeAsync();
        }
    }

    private static async Task<int> FailAsync(CliEnvironment environment, TandemException ex)
    {
        await environment.Stdout.FlushAsync(CancellationToken.None);
        await ErrorReport.WriteAsync(environment.Stderr, ex.Message, ex.Hint);
        return ExitCodes.Failed;
    }

    /// <summary>The task file's URIs are parsed as their connections will be, so a bad one is reported at its line before anything connects.</summary>
    private static void ValidateUri(string key, string uri)
    {
        if (ServerUri.KindOf(uri) == ServerKind.Postgres)
            PostgresUri.ToConnectionString(uri);
        else
            MySqlConnectionOptions.Parse(uri);
    }

    private static TimeSpan ParseInterval(string text)
    {
        if (!DurationText.TryParse(text, out var interval) || interval < ShortestInterval)
            throw new CliUsageException($"--status-interval '{text}' is not a duration of at least 100ms", "write it with a unit: 5s, 500ms, 1m");
        return interval;
    }

    private static IPAddress ParseAddress(string text)
    {
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase))
            return IPAddress.Loopback;
        return IPAddress.TryParse(text, out var address)
            ? address
            : throw new CliUsageException($"--metrics-address '{text}' is not an IP address", "give an address of this machine: 127.0.0.1 (the default), ::1, or 0.0.0.0 for every interface");
    }
}
