using Tandem.Sandbox;

namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// Three MariaDB servers for the differential test, started once per collection: the source the workload writes, the
/// target Tandem replicates it to, and a native replica of the source (no binlog of its own) that is the control. The
/// replica follows the source from where its binlog stood at start, so it receives exactly what Tandem reads: the same
/// transactions in the same order.
/// </summary>
public sealed class DifferentialServersFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private SandboxDirectory? _directory;
    private LocalMariaDb? _source;
    private LocalMariaDb? _target;
    private LocalMariaDb? _replica;

    public LocalMariaDb Source => _source ?? throw new InvalidOperationException("The differential servers have not started.");

    public LocalMariaDb Target => _target ?? throw new InvalidOperationException("The differential servers have not started.");

    /// <summary>MariaDB's own replica of <see cref="Source"/>.</summary>
    public LocalMariaDb Replica => _replica ?? throw new InvalidOperationException("The differential servers have not started.");

    public async Task InitializeAsync()
    {
        SandboxDirectory.SweepStale();
        _directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(StartTimeout);
        var source = LocalMariaDb.StartAsync(_directory, new LocalMariaDbOptions { Name = "source", ServerId = 31 }, timeout.Token);
        var target = LocalMariaDb.StartAsync(_directory, new LocalMariaDbOptions { Name = "target", ServerId = 32 }, timeout.Token);
        var replica = LocalMariaDb.StartAsync(_directory, new LocalMariaDbOptions
        {
            Name = "replica",
            ServerId = 33,
            ExtraSettings = new Dictionary<string, string> { ["skip-log-bin"] = "1", ["log_slave_updates"] = "OFF" },
        }, timeout.Token);
        _source = await source;
        _target = await target;
        _replica = await replica;
        await NativeReplica.StartAsync(_replica.Uri, _source.Uri, _source.Port, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var server in new[] { _replica, _target, _source })
            {
                if (server is not null)
                    await server.DisposeAsync();
            }
        }
        finally
        {
            if (_directory is not null)
                await _directory.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DifferentialServersCollection : ICollectionFixture<DifferentialServersFixture>
{
    public const string Name = "Differential servers";
}
