using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tandem.Cli.Check;
using Tandem.Cli.Run;
using Tandem.Core.Errors;
using Tandem.Core.Files;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;

namespace Tandem.Cli.Playground;

/// <summary>
/// Runs a playground in the spirit of <c>tiup playground</c>: start, show the URIs and the precheck, print the ready
/// line scripts wait for, then replicate a dataset under a light load (or just hold) until cancelled, and clean up.
/// </summary>
internal sealed class PlaygroundRunner
{
    /// <summary>Printed to stdout once every server is up; scripts and tests wait for this exact line.</summary>
    public const string ReadyLine = "tandem playground: ready";

    private readonly CliEnvironment _environment;
    private readonly ILoggerFactory _loggers;

    public PlaygroundRunner(CliEnvironment environment, ILoggerFactory loggers)
    {
        _environment = environment;
        _loggers = loggers;
    }

    /// <summary>
    /// The playground's demonstration: a sysbench-shaped dataset on the source, a full+incremental task (its file is
    /// left in the playground directory for `tandem run`), a light write load, and the task's live progress.
    /// </summary>
    private async Task ReplicateAsync(PlaygroundOptions options, string sourceUri, string targetUri, string directory, CancellationToken ct)
    {
        const int tables = 4;
        var stdout = _environment.Stdout;
        await stdout.WriteLineAsync($"Loading {PlaygroundDataset.Database}: {tables} tables x {options.Rows:N0} rows...");
        await stdout.FlushAsync(ct);
        await PlaygroundDataset.LoadAsync(sourceUri, tables, options.Rows, ct);

        var taskFile = Path.Combine(directory, "playground-task.yaml");
        // A task file carries the servers' URIs and so their passwords: 0600.
        await using (var file = new StreamWriter(PrivateFiles.Open(taskFile, FileMode.Create, FileAccess.Write)))
        {
            await file.WriteAsync($"""
                name: playground
                source: {sourceUri}
                target: {targetUri}
                tables: ["{PlaygroundDataset.Database}.*"]
                mode: full+incremental
                """.AsMemory(), ct);
        }
        await stdout.WriteLineAsync($"Task file: {taskFile}");
        await stdout.WriteLineAsync($"Writing {options.Rate} transactions/s to the source and replicating to the target.");
        await stdout.FlushAsync(ct);

        var task = TaskFileLoader.Load(taskFile);
        var metrics = new ReplicationMetrics(task.Name);
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var load = PlaygroundLoad.RunAsync(sourceUri, tables, options.Rows, options.Rate, stopLoad.Token);
        var display = ProgressDisplay.Start(_environment, metrics, TimeSpan.FromSeconds(2));
        try
        {
            await new TaskRunner(task, metrics, _loggers.CreateLogger("tandem.run")).RunAsync(ct);
        }
        finally
        {
            await stopLoad.CancelAsync();
            await display.DisposeAsync();
            try
            {
                await load;
            }
            catch (TandemException ex)
            {
                _loggers.CreateLogger("tandem.playground").LogWarning("the playground's write load stopped: {Reason}", ex.Message);
            }
        }
    }

    public async Task<int> RunAsync(PlaygroundOptions options, CancellationToken ct)
    {
        var stdout = _environment.Stdout;
        await stdout.WriteLineAsync("Starting the playground servers...");
        await stdout.FlushAsync(ct);

        var servers = await PlaygroundServers.StartAsync(options, _loggers.CreateLogger<PlaygroundServers>(), ct);
        await using (servers)
        {
            await stdout.WriteLineAsync();
            foreach (var (role, uri) in servers.Uris)
                await stdout.WriteLineAsync($"{role,-10}{uri}");
            await stdout.WriteLineAsync($"{"directory",-10}{servers.Directory.Path}");
            await stdout.WriteLineAsync();

            var report = await new ServerChecker(_loggers).CheckAsync([.. servers.Uris.Select(s => s.Uri)], ct);
            CheckRenderer.Render(_environment.CreateConsole(), report);

            await stdout.WriteLineAsync(ReadyLine);
            await stdout.WriteLineAsync(options.Replicate
                ? "Playground is running; it now loads a dataset and replicates it under a light write load. Press Ctrl-C to stop."
                : "Playground is running; press Ctrl-C to stop.");
            await stdout.FlushAsync(ct);

            try
            {
                if (options.Replicate && servers.Source is { } source && servers.Target is { } target)
                    await ReplicateAsync(options, source.Uri, target.Uri, servers.Directory.Path, ct);
                else
                    await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }

            await stdout.WriteLineAsync("Stopping the playground...");
            await stdout.FlushAsync(CancellationToken.None);
        }

        await stdout.WriteLineAsync(options.Keep
            ? $"Stopped. The playground is kept in {servers.Directory.Path}; start it again with --dir {servers.Directory.Path}"
            : "Stopped and removed.");
        await stdout.FlushAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}
