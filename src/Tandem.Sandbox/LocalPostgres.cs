using Tandem.Sandbox.Processes;

namespace Tandem.Sandbox;

/// <summary>
/// A throw-away PostgreSQL server in a <see cref="SandboxDirectory"/> with logical replication
/// enabled and trust authentication on 127.0.0.1 and the Unix socket. PostgreSQL refuses to run as
/// root, so as root it runs as the <c>postgres</c> system user with its directory chowned to it.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private readonly SandboxDirectory _sandbox;
    private readonly string _binDirectory;
    private ServerProcess? _process;

    private LocalPostgres(SandboxDirectory sandbox, string directory)
    {
        _sandbox = sandbox;
        _binDirectory = ServerBinaries.PostgresBinDirectory;
        SocketDirectory = directory;
        DataDirectory = Path.Combine(directory, "data");
        LogPath = Path.Combine(directory, "postgres.log");
    }

    public int Port { get; private set; }

    public string Host => "127.0.0.1";

    /// <summary>Holds the socket (.s.PGSQL.PORT) and is the server's own directory in the sandbox.</summary>
    public string SocketDirectory { get; }

    public string DataDirectory { get; }

    public string LogPath { get; }

    public string Uri => $"postgres://postgres@127.0.0.1:{Port}/postgres";

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    /// <summary>The postmaster pid (not its watchdog's).</summary>
    public int ProcessId => _process?.ProcessId ?? 0;

    private static bool RunningAsRoot => Environment.UserName == "root";

    public static async Task<LocalPostgres> StartAsync(SandboxDirectory dir, LocalPostgresOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(options);
        var server = new LocalPostgres(dir, Path.Combine(dir.Path, options.Name));
        Directory.CreateDirectory(server.SocketDirectory);
        try
        {
            if (!File.Exists(Path.Combine(server.DataDirectory, "PG_VERSION")))
                await server.InitializeAsync(ct);
            await server.LaunchAsync(options.Port, ct);
            return server;
        }
        catch
        {
            await server.KillAsync();
            throw;
        }
    }

    /// <summary>Runs SQL through psql (stops at the first error); returns unaligned, tuples-only stdout.</summary>
    public Task<string> ExecuteSqlAsync(string sql, CancellationToken ct) => ExecuteSqlAsync(sql, "postgres", ct);

    /// <summary>As <see cref="ExecuteSqlAsync(string, CancellationToken)"/>, in another database:
    /// PostgreSQL cannot switch databases inside a session.</summary>
    public async Task<string> ExecuteSqlAsync(string sql, string database, CancellationToken ct)
    {
        var result = await CommandRunner.RunAsync(
            Path.Combine(_binDirectory, "psql"),
            PsqlArguments(database, "-f", "-"),
            ct,
            standardInput: sql);
        if (!result.Succeeded)
            throw new InvalidOperationException($"SQL failed on {Uri}: {result.StandardError.Trim()}");
        return result.StandardOutput;
    }

    /// <summary>Fast shutdown (SIGINT: roll back open transactions, then exit), SIGKILL after 30 s.
    /// SIGTERM would be a "smart" shutdown that waits for every client to leave.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (_process is null)
            return;
        await _process.StopAsync(NativeSignals.SigInt, StopGrace, ct);
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGKILL of the postmaster, as a crash would; backends exit when they see it gone.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
            return;
        await _process.KillAsync(CancellationToken.None);
        _process.Dispose();
        _process = null;
    }

    public async Task RestartAsync(CancellationToken ct)
    {
        await StopAsync(ct);
        await LaunchAsync(Port, ct);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task InitializeAsync(CancellationToken ct)
    {
        await HandToServiceUserAsync(ct);
        var initdb = AsServiceUser(Path.Combine(_binDirectory, "initdb"));
        await CommandRunner.RunCheckedAsync(
            initdb[0],
            [
                .. initdb[1..],
                "-D", DataDirectory, "-U", ServiceUser, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync",
            ],
            ct,
            workingDirectory: SocketDirectory);
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), PostgresConfigFiles.IncludeLine, ct);
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "pg_hba.conf"), PostgresConfigFiles.HostBasedAuthentication, ct);
    }

    private async Task LaunchAsync(int? fixedPort, CancellationToken ct)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            Port = fixedPort ?? FreePort.Next();
            await File.WriteAllTextAsync(
                Path.Combine(DataDirectory, PostgresConfigFiles.SettingsFileName),
                PostgresConfigFiles.Settings(Port, SocketDirectory),
                ct);
            await HandToServiceUserAsync(ct);
            var logStart = File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;

            // On owner death SIGQUIT (immediate shutdown) also takes the backends down at once.
            _process = await ServerProcess.StartAsync(
                _sandbox.OwnerProcessId,
                Path.Combine(SocketDirectory, ServerProcess.PidFileName),
                LogPath,
                NativeSignals.SigQuit,
                [.. AsServiceUser(Path.Combine(_binDirectory, "postgres")), "-D", DataDirectory],
                SocketDirectory,
                ct);

            var ready = await Readiness.WaitAsync(
                AnswersAsync, () => _process.HasExited, $"PostgreSQL on port {Port}", () => LogTail.Read(LogPath), ct);
            if (ready)
                return;

            _process.Dispose();
            _process = null;
            var log = LogTail.Read(LogPath, 200);
            var portTaken = new FileInfo(LogPath).Length > logStart && log.Contains("Address already in use", StringComparison.Ordinal);
            if (fixedPort is null && attempt < attempts && portTaken)
                continue;
            throw new InvalidOperationException($"PostgreSQL exited during startup. Log tail:{Environment.NewLine}{LogTail.Read(LogPath)}");
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken ct)
    {
        var result = await CommandRunner.RunAsync(
            Path.Combine(_binDirectory, "psql"), PsqlArguments("postgres", "-c", "select 1"), ct);
        return result.Succeeded;
    }

    private string[] PsqlArguments(string database, params string[] command) =>
    [
        "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
        "-h", SocketDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-U", ServiceUser, "-d", database, .. command,
    ];

    /// <summary>The command line that runs <paramref name="executable"/> as the service user when we
    /// are root. setpriv execs in place (unlike runuser/su), so the pid we get is the server's.</summary>
    private static string[] AsServiceUser(string executable) =>
        RunningAsRoot
            ? ["setpriv", $"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--", executable]
            : [executable];

    private async Task HandToServiceUserAsync(CancellationToken ct)
    {
        if (!RunningAsRoot)
            return;
        await CommandRunner.RunCheckedAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", SocketDirectory], ct);
        // The service user must be able to walk down from the sandbox root (e.g. a --dir under /root).
        var probe = await CommandRunner.RunAsync("setpriv",
            [$"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--", "test", "-w", SocketDirectory], ct);
        if (!probe.Succeeded)
        {
            throw new InvalidOperationException(
                $"The '{ServiceUser}' user cannot write to {SocketDirectory}; PostgreSQL refuses to run as root, " +
                "so pick a sandbox directory whose parents that user can traverse (e.g. under /tmp).");
        }
    }
}
