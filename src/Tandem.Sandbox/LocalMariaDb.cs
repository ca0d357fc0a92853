using Tandem.Sandbox.Processes;

namespace Tandem.Sandbox;

/// <summary>
/// A throw-away MariaDB server in a <see cref="SandboxDirectory"/>, configured for row-based change
/// capture, reachable as root without a password over TCP (127.0.0.1 only) and the Unix socket.
/// </summary>
public sealed class LocalMariaDb : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private readonly SandboxDirectory _sandbox;
    private readonly LocalMariaDbOptions _options;
    private readonly string _configPath;
    private readonly string _consoleLogPath;
    private readonly TlsCertificates? _tls;
    private ServerProcess? _process;

    private LocalMariaDb(SandboxDirectory sandbox, LocalMariaDbOptions options, string directory, TlsCertificates? tls)
    {
        _sandbox = sandbox;
        _options = options;
        _tls = tls;
        ServerDirectory = directory;
        DataDirectory = Path.Combine(directory, "data");
        SocketPath = Path.Combine(directory, "mysqld.sock");
        ErrorLogPath = Path.Combine(directory, "error.log");
        _configPath = Path.Combine(directory, "my.cnf");
        TemporaryDirectory = Path.Combine(directory, "tmp");
        _consoleLogPath = Path.Combine(directory, "console.log");
    }

    public int Port { get; private set; }

    public string Host => "127.0.0.1";

    public string SocketPath { get; }

    public string DataDirectory { get; }

    /// <summary>The server's own directory inside the sandbox (my.cnf, logs, socket, certificates).</summary>
    public string ServerDirectory { get; }

    public string Uri => $"mysql://root@127.0.0.1:{Port}";

    public string? CaCertificatePath => _tls?.CaCertificatePath;

    public string? ServerCertificatePath => _tls?.ServerCertificatePath;

    public string? ClientCertificatePath => _tls?.ClientCertificatePath;

    public string? ClientKeyPath => _tls?.ClientKeyPath;

    public string ErrorLogPath { get; }

    /// <summary>
    /// The server's own tmpdir. A starting MariaDB deletes the <c>#sql*</c> files it finds in its tmpdir as crash
    /// leftovers, so servers sharing /tmp delete each other's live temporary tables (seen failing bootstraps).
    /// </summary>
    public string TemporaryDirectory { get; }

    /// <summary>The mariadbd pid (not its watchdog's).</summary>
    public int ProcessId => _process?.ProcessId ?? 0;

    /// <summary>
    /// Bootstraps the data directory when it is new, starts the server and waits until it answers.
    /// A data directory left by an earlier run (a kept sandbox) is started as it is.
    /// </summary>
    public static async Task<LocalMariaDb> StartAsync(SandboxDirectory dir, LocalMariaDbOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.Combine(dir.Path, options.Name);
        Directory.CreateDirectory(directory);
        var tls = options.Tls ? await TlsCertificates.EnsureAsync(Path.Combine(directory, "tls"), ct) : null;
        var server = new LocalMariaDb(dir, options, directory, tls);
        Directory.CreateDirectory(server.TemporaryDirectory);
        try
        {
            if (!Directory.Exists(Path.Combine(server.DataDirectory, "mysql")))
                await server.BootstrapAsync(ct);
            await server.LaunchAsync(options.Port, ct);
            await server.GrantRootOverTcpAsync(ct);
            return server;
        }
        catch
        {
            await server.KillAsync();
            throw;
        }
    }

    /// <summary>Runs SQL as root over the Unix socket in batch mode without column names; returns stdout.</summary>
    public async Task<string> ExecuteSqlAsync(string sql, CancellationToken ct)
    {
        var result = await CommandRunner.RunAsync(
            "mariadb",
            ["--no-defaults", $"--socket={SocketPath}", "--user=root", "--batch", "--skip-column-names"],
            ct,
            standardInput: sql);
        if (!result.Succeeded)
            throw new InvalidOperationException($"SQL failed on {Uri}: {result.StandardError.Trim()}");
        return result.StandardOutput;
    }

    /// <summary>Clean shutdown (SIGTERM), SIGKILL if it takes longer than 30 s.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (_process is null)
            return;
        await _process.StopAsync(NativeSignals.SigTerm, StopGrace, ct);
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGKILL, as a crash would; InnoDB recovers on the next start.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
            return;
        await _process.KillAsync(CancellationToken.None);
        _process.Dispose();
        _process = null;
    }

    /// <summary>
    /// Starts a server that was stopped or killed (<see cref="KillAsync"/>: a crash, after which InnoDB recovers) again,
    /// on the same port and data directory, and waits until it answers.
    /// </summary>
    public async Task StartAgainAsync(CancellationToken ct)
    {
        if (_process is not null)
            throw new InvalidOperationException($"the server at {Uri} is running");
        await LaunchAsync(Port, ct);
    }

    /// SIGSTOP: the server stops answering while its sockets stay open and new connections still complete the TCP
    /// handshake in the kernel, as on a hung host. <see cref="Thaw"/> lets it carry on.
    /// </summary>
    public void Freeze()
    {
        if (!NativeSignals.Send(ProcessId, NativeSignals.SigStop))
            throw new InvalidOperationException($"could not stop MariaDB pid {ProcessId}");
    }

    /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
    public void Thaw() => NativeSignals.Send(ProcessId, NativeSignals.SigCont);

    /// <summary>Stops and starts again on the same port and data directory.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await StopAsync(ct);
        await LaunchAsync(Port, ct);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task BootstrapAsync(CancellationToken ct)
    {
        // --no-defaults keeps the distribution's /etc/mysql config out of the sandbox. "normal" root
        // authentication gives root@localhost an empty password instead of unix_socket auth, so the
        // socket client works whichever OS user runs the tests.
        var result = await CommandRunner.RunAsync(
            "mariadb-install-db",
            [
                "--no-defaults", "--user=root", $"--datadir={DataDirectory}",
                "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve",
                $"--tmpdir={TemporaryDirectory}",
            ],
            ct,
            workingDirectory: ServerDirectory);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"mariadb-install-db failed with exit code {result.ExitCode}:{Environment.NewLine}" +
                $"{result.StandardError}{result.StandardOutput}".Trim());
        }
    }

    private async Task LaunchAsync(int? fixedPort, CancellationToken ct)
    {
        // A port picked by FreePort can be taken by another process before mariadbd binds it;
        // then a fresh port is worth another try. A port the caller chose is not ours to change.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            Port = fixedPort ?? FreePort.Next();
            await File.WriteAllTextAsync(
                _configPath,
                MariaDbConfigFile.Render(_options, Port, DataDirectory, SocketPath, ErrorLogPath,
                    Path.Combine(ServerDirectory, "mariadbd.pid"), TemporaryDirectory, _tls),
                ct);
            var logStart = File.Exists(ErrorLogPath) ? new FileInfo(ErrorLogPath).Length : 0;

            _process = await ServerProcess.StartAsync(
                _sandbox.OwnerProcessId,
                Path.Combine(ServerDirectory, ServerProcess.PidFileName),
                _consoleLogPath,
                NativeSignals.SigKill,
                [ServerBinaries.MariaDbServer, $"--defaults-file={_configPath}", "--user=root"],
                ServerDirectory,
                ct);

            var ready = await Readiness.WaitAsync(
                AnswersAsync, () => _process.HasExited, $"MariaDB at {SocketPath}", TailOfLogs, ct);
            if (ready)
                return;

            _process.Dispose();
            _process = null;
            var log = NewLogText(logStart);
            if (fixedPort is null && attempt < attempts && log.Contains("Address already in use", StringComparison.Ordinal))
                continue;
            throw new InvalidOperationException($"MariaDB exited during startup. Log tail:{Environment.NewLine}{TailOfLogs()}");
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken ct)
    {
        if (!File.Exists(SocketPath))
            return false;
        var result = await CommandRunner.RunAsync(
            "mariadb",
            ["--no-defaults", $"--socket={SocketPath}", "--user=root", "--connect-timeout=2", "--batch", "-e", "select 1"],
            ct);
        return result.Succeeded;
    }

    private Task GrantRootOverTcpAsync(CancellationToken ct) =>
        // Over TCP the server sees 127.0.0.1, and with skip-name-resolve only IP-based accounts match.
        ExecuteSqlAsync(
            """
            CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
            GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
            CREATE USER IF NOT EXISTS 'root'@'%';
            GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
            """,
            ct);

    private string NewLogText(long from)
    {
        try
        {
            using var stream = File.OpenRead(ErrorLogPath);
            stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private string TailOfLogs() => LogTail.Read(ErrorLogPath) + Environment.NewLine + LogTail.Read(_consoleLogPath, 10);
}
