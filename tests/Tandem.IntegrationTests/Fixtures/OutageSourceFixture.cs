using Tandem.Sandbox;

namespace Tandem.IntegrationTests.Fixtures;

/// <summary>
/// A source MariaDB of its own for tests that stop, freeze or kill it, so no other test loses its server. The tests
/// that use it leave it running when they end.
/// </summary>
public sealed class OutageSourceFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private SandboxDirectory? _directory;
    private LocalMariaDb? _server;

    public LocalMariaDb Server => _server ?? throw new InvalidOperationException("The outage source has not started.");

    public async Task InitializeAsync()
    {
        SandboxDirectory.SweepStale();
        _directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(StartTimeout);
        _server = await LocalMariaDb.StartAsync(_directory, new LocalMariaDbOptions { Name = "outage", ServerId = 3 }, timeout.Token);
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
