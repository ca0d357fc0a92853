using System.Net;
using System.Net.Sockets;

namespace Tandem.IntegrationTests.Fixtures;

/// <summary>
/// A loopback TCP proxy in front of one server, through which a test breaks the network the way real paths break:
/// <see cref="Cut"/> resets every connection (and new ones until <see cref="Restore"/>); <see cref="Freeze"/> holds
/// back every byte on every connection, old or new, without closing any (when it ends, what was held back flows on, as
/// after a routing outage TCP rides out); <see cref="FreezeOpenConnections"/> silences only the connections open now,
/// as a path that dies without a reset while a reconnect finds a new one; <see cref="BytesPerSecond"/> slows what
/// clients send (a slow link) and <see cref="ForwardedToServer"/> counts it. A side that hangs up half-closes the other,
/// and a side that fails closes both, as a direct connection would.
/// </summary>
internal sealed class LoopbackProxy : IAsyncDisposable
{
    private const int ThrottledChunk = 16 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Connection> _connections = [];
    private readonly object _gate = new();
    private readonly Task _accepting;
    private TaskCompletionSource _flowing = Open();
    private bool _cut;
    private int _accepted;
    private long _bytesPerSecond;
    private long _toServer;

    public LoopbackProxy(int serverPort)
    {
        _serverPort = serverPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Uri => $"mysql://root@127.0.0.1:{Port}";

    /// <summary>Connections passed through to the server so far, closed ones included.</summary>
    public int ConnectionCount => Volatile.Read(ref _accepted);

    /// <summary>The most bytes a second each connection may send to the server; 0 for no limit.</summary>
    public long BytesPerSecond
    {
        get => Interlocked.Read(ref _bytesPerSecond);
        set => Interlocked.Exchange(ref _bytesPerSecond, value);
    }

    /// <summary>Bytes forwarded from clients to the server since the start or the last <see cref="ResetCount"/>.</summary>
    public long ForwardedToServer => Interlocked.Read(ref _toServer);

    public void ResetCount() => Interlocked.Exchange(ref _toServer, 0);

    /// <summary>Resets every open connection, and every new one until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _cut = true;
            foreach (var connection in _connections)
            {
                Reset(connection.Client);
                Reset(connection.Server);
            }

            _connections.Clear();
        }
    }

    /// <summary>Holds back every byte on every connection, open or new, until <see cref="Restore"/>.</summary>
    public void Freeze()
    {
        lock (_gate)
        {
            if (_flowing.Task.IsCompleted)
                _flowing = Closed();
        }
    }

    /// <summary>Holds back every byte on the connections open now, until <see cref="Restore"/>; new ones pass.</summary>
    public void FreezeOpenConnections()
    {
        lock (_gate)
        {
            foreach (var connection in _connections.Where(static c => c.Flowing.Task.IsCompleted))
                connection.Flowing = Closed();
        }
    }

    /// <summary>Ends a cut or a freeze.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _cut = false;
            _flowing.TrySetResult();
            foreach (var connection in _connections)
                connection.Flowing.TrySetResult();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_gate)
            {
                if (_cut)
                {
                    Reset(client);
                    continue;
                }
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // The server is down: the client sees its connection reset, as it would see the refusal.
                Reset(client);
                server.Dispose();
                continue;
            }

            var connection = new Connection(client, server);
            lock (_gate)
                _connections.Add(connection);
            Interlocked.Increment(ref _accepted);
            _ = PumpAsync(connection, toServer: true);
            _ = PumpAsync(connection, toServer: false);
        }
    }

    private async Task PumpAsync(Connection connection, bool toServer)
    {
        var (from, to) = toServer ? (connection.Client, connection.Server) : (connection.Server, connection.Client);
        var buffer = new byte[64 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            while (true)
            {
                await FlowingAsync(connection);
                var rate = toServer ? BytesPerSecond : 0;
                var read = await input.ReadAsync(buffer.AsMemory(0, rate > 0 ? ThrottledChunk : buffer.Length), _stop.Token);
                if (read == 0)
                {
                    to.Client.Shutdown(SocketShutdown.Send);
                    return;
                }

                await FlowingAsync(connection);
                await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                if (!toServer)
                    continue;
                Interlocked.Add(ref _toServer, read);
                if (rate > 0)
                    await Task.Delay(TimeSpan.FromSeconds(read / (double)rate), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // Cut, reset by either end, or the proxy is stopping: a failed side takes the other down with it.
            from.Dispose();
            to.Dispose();
        }
    }

    private async Task FlowingAsync(Connection connection)
    {
        Task all, own;
        lock (_gate)
            (all, own) = (_flowing.Task, connection.Flowing.Task);
        await all.WaitAsync(_stop.Token);
        await own.WaitAsync(_stop.Token);
    }

    /// <summary>Closes with a TCP reset (linger 0), as a broken path or a restarted firewall does.</summary>
    private static void Reset(TcpClient connection)
    {
        try
        {
            // A side that already failed was disposed by its pump, and a disposed TcpClient has no socket.
            if (connection.Client is { } socket)
                socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        connection.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Client.Dispose();
                connection.Server.Dispose();
            }

            _connections.Clear();
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }

    private static TaskCompletionSource Closed() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Connection(TcpClient client, TcpClient server)
    {
        public TcpClient Client { get; } = client;

        public TcpClient Server { get; } = server;

        /// <summary>This connection's own gate (<see cref="FreezeOpenConnections"/>); guarded by the proxy's lock.</summary>
        public TaskCompletionSource Flowing { get; set; } = Open();
    }
}
