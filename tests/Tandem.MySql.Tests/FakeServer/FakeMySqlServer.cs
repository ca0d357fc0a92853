using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Tandem.MySql.Tests.FakeServer;

/// <summary>
/// A scriptable stand-in for a MySQL-family server on 127.0.0.1 and a free port. It serves one connection at a time
/// (or, when started concurrent, every connection at once, as a replica holds a metadata and a dump connection
/// together), running the test's script on each; the script speaks raw packets through <see cref="FakeConnection"/>.
/// A script that throws (a failed assertion about what the client sent) is reported by <see cref="NextSessionAsync"/>.
/// </summary>
internal sealed class FakeMySqlServer : IAsyncDisposable
{
    public const string User = "tandem";

    /// <summary>How long any single server-side wait may last, so a broken test fails instead of hanging.</summary>
    public static readonly TimeSpan ServerWaitLimit = TimeSpan.FromSeconds(30);

    private readonly TcpListener _listener;
    private readonly Func<FakeConnection, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<Exception?> _sessions = Channel.CreateUnbounded<Exception?>();
    private readonly Task _acceptLoop;
    private readonly bool _concurrent;
    private readonly List<Task> _running = [];

    private FakeMySqlServer(Func<FakeConnection, Task> script, bool concurrent)
    {
        _script = script;
        _concurrent = concurrent;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>Starts a server that runs <paramref name="script"/> for every connection it accepts.</summary>
    public static FakeMySqlServer Start(Func<FakeConnection, Task> script) => new(script, concurrent: false);

    /// <summary>Starts a server that runs <paramref name="script"/> for every connection, all connections at once.</summary>
    public static FakeMySqlServer StartConcurrent(Func<FakeConnection, Task> script) => new(script, concurrent: true);

    /// <summary>A URI for this server; <paramref name="query"/> is appended after tls=disable.</summary>
    public string Uri(string password, string query = "") =>
        $"mysql://{User}:{System.Uri.EscapeDataString(password)}@127.0.0.1:{Port}/?tls=disable{(query.Length > 0 ? "&" + query : string.Empty)}";

    /// <summary>Waits for the next connection's script to finish, and rethrows what it threw.</summary>
    public async Task NextSessionAsync()
    {
        var failure = await _sessions.Reader.ReadAsync().AsTask().WaitAsync(ServerWaitLimit);
        if (failure is not null)
        {
            throw new InvalidOperationException($"the fake server's script failed: {failure.Message}", failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop.WaitAsync(ServerWaitLimit);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the loop with one of these.
        }

        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(ServerWaitLimit);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // A script still waiting on a client that is gone; stopping cancelled its waits.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_concurrent)
            {
                lock (_running)
                {
                    _running.Add(Task.Run(() => ServeAsync(socket)));
                }
            }
            else
            {
                await ServeAsync(socket);
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        Exception? failure = null;
        var connection = new FakeConnection(socket, _stop.Token);
        try
        {
            await _script(connection);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            connection.Close();
        }

        _sessions.Writer.TryWrite(failure);
    }
}
