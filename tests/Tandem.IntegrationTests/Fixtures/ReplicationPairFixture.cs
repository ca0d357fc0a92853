using Tandem.Sandbox;

namespace Tandem.IntegrationTests.Fixtures;

/// <summary>
/// A source and a target MariaDB for replication tests, started once per collection. Tests isolate themselves by
/// database and task name, so they never see each other's rows or checkpoints.
/// </summary>
public sealed class ReplicationPairFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private SandboxDirectory? _directory;
    private LocalMariaDb? _source;
    private LocalMariaDb? _target;

    public LocalMariaDb Source => _source ?? throw new InvalidOperationException("The replication pair has not started.");

    public LocalMariaDb Target => _target ?? throw new InvalidOperationException("The replication pair has not started.");

    public async Task InitializeAsync()
    {
        SandboxDirectory.SweepStale();
        _directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(StartTimeout);
        var source = LocalMariaDb.StartAsync(_directory, new LocalMariaDbOptions { Name = "source", ServerId = 1 }, timeout.Token);
        var target = LocalMariaDb.StartAsync(_directory, new LocalMariaDbOptions { Name = "target", ServerId = 2 }, timeout.Token);
        _source = await source;
        _target = await target;
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_source is not null)
                await _source.DisposeAsync();
            if (_target is not null)
                await _target.DisposeAsync();
        }
        finally
        {
            if (_directory is not null)
                await _directory.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReplicationPairCollection : ICollectionFixture<ReplicationPairFixture>
{
    public const string Name = "Replication pair";
}
