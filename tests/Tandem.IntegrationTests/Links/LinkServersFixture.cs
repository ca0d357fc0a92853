using Tandem.Sandbox;

namespace Tandem.IntegrationTests.Links;

/// <summary>
/// Three MariaDB servers (a, b, c) for link tests, started once per collection. Tests keep apart by database, link name
/// and channel; a pair test uses a and b.
/// </summary>
public sealed class LinkServersFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private SandboxDirectory? _directory;
    private readonly List<LocalMariaDb> _servers = [];

    public LocalMariaDb A => _servers[0];

    public LocalMariaDb B => _servers[1];

    public LocalMariaDb C => _servers[2];

    public async Task InitializeAsync()
    {
        SandboxDirectory.SweepStale();
        _directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(StartTimeout);
        var starts = new[] { "a", "b", "c" }.Select((name, i) =>
            LocalMariaDb.StartAsync(_directory, new LocalMariaDbOptions { Name = name, ServerId = 11 + i }, timeout.Token)).ToList();
        foreach (var start in starts)
            _servers.Add(await start);
    }

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var server in _servers)
                await server.DisposeAsync();
        }
        finally
        {
            if (_directory is not null)
                await _directory.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LinkServersCollection : ICollectionFixture<LinkServersFixture>
{
    public const string Name = "Link servers";
}
