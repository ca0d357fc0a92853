using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tandem.Cli.Check;

namespace Tandem.Cli.Playground;

/// <summary>
/// Runs a playground in the spirit of <c>tiup playground</c>: start, show the URIs and the precheck,
/// print the ready line scripts wait for, then hold until cancelled and clean up.
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
            await stdout.WriteLineAsync("Playground is running; press Ctrl-C to stop.");
            await stdout.FlushAsync(ct);

            try
            {
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
