using Tandem.Sandbox;

namespace Tandem.IntegrationTests.Fixtures;

/// <summary>One PostgreSQL per test collection; tests isolate themselves by database name.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private SandboxDirectory? _directory;
    private LocalPostgres? _server;

    public LocalPostgres Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    public async Task InitializeAsync()
    {
        SandboxDirectory.SweepStale();
        _directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(StartTimeout);
        _server = await LocalPostgres.StartAsync(_directory, new LocalPostgresOptions(), timeout.Token);
    }

    /// <summary>Creates an empty database named <paramref name="prefix"/> plus a random suffix.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = DatabaseNames.Unique(prefix);
        await Server.ExecuteSqlAsync($"CREATE DATABASE \"{name}\"", CancellationToken.None);
        return name;
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_server is not null)
                await _server.DisposeAsync();
        }
        finally
        {
            if (_directory is not null)
                await _directory.DisposeAsync();
        }
    }
}
