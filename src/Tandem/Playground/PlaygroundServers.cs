using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Sandbox;

namespace Tandem.Cli.Playground;

/// <summary>
/// The throw-away servers of a playground: a source and a target MariaDB, and optionally PostgreSQL,
/// in one sandbox directory. Disposing stops them and removes the directory unless it is kept.
/// </summary>
internal sealed class PlaygroundServers : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly ILogger _logger;

    private PlaygroundServers(SandboxDirectory directory, ILogger logger)
    {
        Directory = directory;
        _logger = logger;
    }

    public SandboxDirectory Directory { get; }

    public LocalMariaDb? Source { get; private set; }

    public LocalMariaDb? Target { get; private set; }

    public LocalPostgres? Postgres { get; private set; }

    /// <summary>(role, URI) of every running server, in a stable order.</summary>
    public IEnumerable<(string Role, string Uri)> Uris
    {
        get
        {
            if (Source is not null)
                yield return ("source", Source.Uri);
            if (Target is not null)
                yield return ("target", Target.Uri);
            if (Postgres is not null)
                yield return ("postgres", Postgres.Uri);
        }
    }

    public static async Task<PlaygroundServers> StartAsync(PlaygroundOptions options, ILogger logger, CancellationToken ct)
    {
        SandboxDirectory directory;
        try
        {
            directory = SandboxDirectory.Create(options.Directory, options.Keep);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new TandemException($"cannot use {options.Directory ?? "a temporary directory"} for the playground: {ex.Message}",
                "choose another directory with --dir, or stop the playground that uses it");
        }

        var servers = new PlaygroundServers(directory, logger);
        try
        {
            // The servers start side by side: each one's bootstrap is mostly waiting.
            var source = StartMariaDbAsync(new LocalMariaDbOptions { Name = "source", ServerId = 1, Port = options.Port }, ct);
            var target = StartMariaDbAsync(new LocalMariaDbOptions { Name = "target", ServerId = 2, Port = options.Port + 1 }, ct);
            var postgres = options.Postgres
                ? StartPostgresAsync(new LocalPostgresOptions { Name = "postgres", Port = options.Port + 2 }, ct)
                : Task.FromResult<LocalPostgres?>(null);
            try
            {
                await Task.WhenAll(source, target, postgres);
            }
            finally
            {
                // Whatever did start must be stopped even when another server failed.
                servers.Source = source.IsCompletedSuccessfully ? source.Result : null;
                servers.Target = target.IsCompletedSuccessfully ? target.Result : null;
                servers.Postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null;
            }

            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }

        async Task<LocalMariaDb> StartMariaDbAsync(LocalMariaDbOptions serverOptions, CancellationToken token)
        {
            try
            {
                logger.LogDebug("Starting MariaDB {Name} in {Directory}", serverOptions.Name, directory.Path);
                return await LocalMariaDb.StartAsync(directory, serverOptions, token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw StartFailure($"{serverOptions.Name} MariaDB", serverOptions.Port, ex);
            }
        }

        async Task<LocalPostgres?> StartPostgresAsync(LocalPostgresOptions serverOptions, CancellationToken token)
        {
            try
            {
                logger.LogDebug("Starting PostgreSQL in {Directory}", directory.Path);
                return await LocalPostgres.StartAsync(directory, serverOptions, token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw StartFailure("PostgreSQL", serverOptions.Port, ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A kept playground must come back as it was, so its servers shut down cleanly (side by side: each one's InnoDB
        // or checkpoint flush is mostly waiting on the disk). A removed one's data is about to be deleted, and a clean
        // shutdown on a busy machine only makes the user wait for flushes nobody will read.
        var keep = Directory.Keep;
        using var timeout = new CancellationTokenSource(StopTimeout);
        await Task.WhenAll(
            StopAsync(Source, s => keep ? s.StopAsync(timeout.Token) : s.KillAsync()),
            StopAsync(Target, s => keep ? s.StopAsync(timeout.Token) : s.KillAsync()),
            StopAsync(Postgres, s => keep ? s.StopAsync(timeout.Token) : s.KillAsync()));
        await Directory.DisposeAsync();
    }

    private static TandemException StartFailure(string what, int? port, Exception ex) => new(
        $"could not start the {what}: {ex.Message}",
        port is null
            ? "the server's log tail is above; is the server installed (mariadbd, mariadb-install-db, initdb on PATH)?"
            : $"the server's log tail is above; is port {port} free? Try another --port or leave it out.",
        ex);

    private async Task StopAsync<T>(T? server, Func<T, Task> stop)
        where T : class
    {
        if (server is null)
            return;
        try
        {
            await stop(server);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not stop a playground server cleanly");
        }
    }
}
