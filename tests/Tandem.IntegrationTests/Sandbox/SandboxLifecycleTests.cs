using System.Diagnostics;
using Tandem.IntegrationTests.Fixtures;
using Tandem.Sandbox;
using Tandem.Sandbox.Processes;

namespace Tandem.IntegrationTests.Sandbox;

/// <summary>Each test starts its own servers: they are stopped, killed and restarted.</summary>
public sealed class SandboxLifecycleTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    // A private sweep root, so these tests never sweep (or get swept by) another run.
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"tandem-lifecycle-{Guid.NewGuid().ToString("N")[..8]}");

    public SandboxLifecycleTests() => Directory.CreateDirectory(_root);

    [Fact]
    public async Task Killing_the_owner_process_takes_its_servers_down_and_a_sweep_removes_the_sandbox()
    {
        using var owner = Process.Start("tail", ["-f", "/dev/null"]);
        var sandbox = SandboxDirectory.Create(Path.Combine(_root, "owned"), keep: false, owner.Id);
        using var timeout = new CancellationTokenSource(StartTimeout);
        var maria = await LocalMariaDb.StartAsync(sandbox, new LocalMariaDbOptions(), timeout.Token);
        var postgres = await LocalPostgres.StartAsync(sandbox, new LocalPostgresOptions(), timeout.Token);
        Assert.True(ProcessIdentity.IsRunning(maria.ProcessId));
        Assert.True(ProcessIdentity.IsRunning(postgres.ProcessId));

        owner.Kill();

        Assert.True(await Eventually.TrueWithinAsync(() => !ProcessIdentity.IsRunning(maria.ProcessId), TimeSpan.FromSeconds(30)),
            "mariadbd outlived its owner");
        Assert.True(await Eventually.TrueWithinAsync(() => !ProcessIdentity.IsRunning(postgres.ProcessId), TimeSpan.FromSeconds(30)),
            "postgres outlived its owner");
        Assert.Equal(1, SandboxDirectory.SweepStale(_root));
        Assert.False(Directory.Exists(sandbox.Path));
    }

    [Fact]
    public async Task Sweep_leaves_sandboxes_of_live_owners_and_kept_ones()
    {
        await using var live = SandboxDirectory.Create(Path.Combine(_root, "live"));
        using var shortLived = Process.Start("tail", ["-f", "/dev/null"]);
        var kept = SandboxDirectory.Create(Path.Combine(_root, "kept"), keep: true, shortLived.Id);
        var stale = SandboxDirectory.Create(Path.Combine(_root, "stale"), keep: false, shortLived.Id);
        shortLived.Kill();
        await shortLived.WaitForExitAsync();

        Assert.Equal(1, SandboxDirectory.SweepStale(_root));
        Assert.True(Directory.Exists(live.Path));
        Assert.True(Directory.Exists(kept.Path));
        Assert.False(Directory.Exists(stale.Path));
    }

    [Fact]
    public async Task MariaDb_restart_keeps_port_and_data_even_after_a_crash()
    {
        await using var sandbox = SandboxDirectory.Create(Path.Combine(_root, "maria"));
        using var timeout = new CancellationTokenSource(StartTimeout * 2);
        await using var server = await LocalMariaDb.StartAsync(sandbox, new LocalMariaDbOptions { ServerId = 7 }, timeout.Token);
        await server.ExecuteSqlAsync("CREATE DATABASE r; CREATE TABLE r.t (id INT PRIMARY KEY); INSERT INTO r.t VALUES (1);", timeout.Token);
        var port = server.Port;
        var firstPid = server.ProcessId;

        await server.RestartAsync(timeout.Token);
        Assert.Equal(port, server.Port);
        Assert.NotEqual(firstPid, server.ProcessId);
        Assert.False(ProcessIdentity.IsRunning(firstPid));

        await server.ExecuteSqlAsync("INSERT INTO r.t VALUES (2);", timeout.Token);
        await server.KillAsync();
        await server.RestartAsync(timeout.Token);

        Assert.Equal("2\t7", (await server.ExecuteSqlAsync("SELECT COUNT(*), @@server_id FROM r.t", timeout.Token)).Trim());
    }

    [Fact]
    public async Task Postgres_restart_keeps_port_and_data()
    {
        await using var sandbox = SandboxDirectory.Create(Path.Combine(_root, "pg"));
        using var timeout = new CancellationTokenSource(StartTimeout * 2);
        await using var server = await LocalPostgres.StartAsync(sandbox, new LocalPostgresOptions(), timeout.Token);
        await server.ExecuteSqlAsync("CREATE TABLE t (id int primary key); INSERT INTO t VALUES (1);", timeout.Token);
        var port = server.Port;

        await server.RestartAsync(timeout.Token);

        Assert.Equal(port, server.Port);
        Assert.Equal("1", (await server.ExecuteSqlAsync("SELECT count(*) FROM t", timeout.Token)).Trim());
    }

    [Fact]
    public async Task Disposing_a_sandbox_stops_its_servers_and_deletes_it_unless_kept()
    {
        var sandbox = SandboxDirectory.Create(Path.Combine(_root, "disposed"));
        using var timeout = new CancellationTokenSource(StartTimeout);
        var server = await LocalMariaDb.StartAsync(sandbox, new LocalMariaDbOptions(), timeout.Token);

        // Deliberately not stopping the server: the sandbox must not delete files under a live one.
        await sandbox.DisposeAsync();

        Assert.False(ProcessIdentity.IsRunning(server.ProcessId));
        Assert.False(Directory.Exists(sandbox.Path));

        await using var kept = SandboxDirectory.Create(Path.Combine(_root, "kept"), keep: true);
        await kept.DisposeAsync();
        Assert.True(Directory.Exists(kept.Path));
    }

    public void Dispose()
    {
        SandboxDirectory.SweepStale(_root);
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            // Sweep only takes dead owners' sandboxes; whatever this test still owns goes here.
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        Directory.Delete(_root, recursive: true);
    }
}
